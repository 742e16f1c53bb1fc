package dev.berth.registry.repository;

import dev.berth.registry.oci.RepositoryName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/** A repository's row, made when the first blob or manifest lands in it. */
public final class RepositoryRows {
    private RepositoryRows() {}

    public static OptionalLong find(Connection connection, RepositoryName name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM repositories WHERE name = ?")) {
            select.setString(1, name.value());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** The repository's id, making its row if it has none. */
    public static long ensure(Connection connection, RepositoryName name) throws SQLException {
        OptionalLong existing = find(connection, name);
        if (existing.isPresent()) {
            return existing.getAsLong();
        }
        // Another push may make it at the same moment; then this one waits for it and reads its id.
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO repositories (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
            insert.setString(1, name.value());
            insert.executeUpdate();
        }
        return find(connection, name).orElseThrow(() -> new SQLException("repository " + name + " vanished"));
    }
}
