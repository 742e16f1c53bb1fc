package dev.berth.logs.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads of the {@code streams} table, for queries. */
public final class StreamRows {
    private StreamRows() {}

    /** The streams of a container, whoever owns it. */
    public static List<StoredStream> ofContainer(Connection connection, String container) throws SQLException {
        return select(connection, "container = ?", container);
    }

    /** The streams of every container of an app of a tenant. */
    public static List<StoredStream> ofApp(Connection connection, String tenant, String app) throws SQLException {
        return select(connection, "tenant = ? AND app = ?", tenant, app);
    }

    private static List<StoredStream> select(Connection connection, String where, String... parameters)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT container, stream, tenant, app, node,"
                + " end_offset, ends_line, last_ns FROM streams WHERE " + where + " ORDER BY container, stream")) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            List<StoredStream> streams = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    streams.add(new StoredStream(rows.getString(1), rows.getInt(2), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getLong(6), rows.getBoolean(7),
                            rows.getLong(8)));
                }
            }
            return streams;
        }
    }
}
