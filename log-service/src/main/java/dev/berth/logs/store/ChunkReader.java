package dev.berth.logs.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The queries that read chunks back, one stream at a time and in offset order. */
public final class ChunkReader {
    private static final String COLUMNS = "start_offset, end_offset, first_ns, last_ns, line_count, starts_line";

    private ChunkReader() {}

    /**
     * Up to {@code limit} chunks of a stream that hold bytes at or after {@code from}, in offset order, whose first
     * byte arrived no later than {@code untilNs}.
     */
    public static List<Chunk> after(Connection connection, String container, int stream, long from, long untilNs,
                                    int limit) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + ", marks, data FROM chunks"
                + " WHERE container = ? AND stream = ? AND end_offset > ? AND first_ns <= ?"
                + " ORDER BY end_offset LIMIT ?")) {
            query.setString(1, container);
            query.setInt(2, stream);
            query.setLong(3, from);
            query.setLong(4, untilNs);
            query.setInt(5, limit);
            List<Chunk> chunks = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    chunks.add(new Chunk("", "", container, stream, rows.getLong(1), rows.getLong(2),
                            rows.getLong(3), rows.getLong(4), rows.getInt(5), rows.getBoolean(6), rows.getBytes(7),
                            rows.getBytes(8)));
                }
            }
            return chunks;
        }
    }

    /** Where a reader should start so that it sees every line of a stream whose last byte arrived at or after since. */
    public static StartPoint firstSince(Connection connection, String container, int stream, long sinceNs)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT start_offset, starts_line FROM chunks"
                + " WHERE container = ? AND stream = ? AND last_ns >= ? ORDER BY end_offset LIMIT 1")) {
            query.setString(1, container);
            query.setInt(2, stream);
            query.setLong(3, sinceNs);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? new StartPoint(rows.getLong(1), !rows.getBoolean(2)) : StartPoint.END;
            }
        }
    }

    /**
     * Where a reader should start to see at least the last {@code lines} lines of a stream among the chunks that
     * arrived up to {@code untilNs}: walks back over the chunks' line counts, never reading their data.
     */
    public static StartPoint forTail(Connection connection, String container, int stream, long lines, long untilNs)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT start_offset, starts_line, line_count,"
                + " last_ns FROM chunks WHERE container = ? AND stream = ? AND first_ns <= ?"
                + " ORDER BY end_offset DESC")) {
            query.setFetchSize(256);
            query.setString(1, container);
            query.setInt(2, stream);
            query.setLong(3, untilNs);
            long newlines = 0;
            StartPoint start = StartPoint.BEGINNING;
            connection.setAutoCommit(false); // a fetch size needs a transaction
            try (ResultSet rows = query.executeQuery()) {
                boolean any = false;
                while (rows.next()) {
                    any = true;
                    start = new StartPoint(rows.getLong(1), !rows.getBoolean(2));
                    if (rows.getLong(4) <= untilNs) {
                        newlines += rows.getInt(3);
                    }
                    // One more newline than lines wanted: the bytes before the first one may be the end of an
                    // earlier line, skipped when the chunk does not start a line.
                    if (newlines > lines) {
                        break;
                    }
                }
                if (!any) {
                    return StartPoint.END;
                }
            } finally {
                connection.commit();
                connection.setAutoCommit(true);
            }
            return start;
        }
    }

    /** Where to start reading a stream; {@code skipFragment} when the bytes there continue an earlier line. */
    public record StartPoint(long offset, boolean skipFragment) {
        public static final StartPoint BEGINNING = new StartPoint(0, false);
        /** Nothing to read: the reader starts past every chunk (at the stream's end, which the caller knows). */
        public static final StartPoint END = new StartPoint(-1, false);

        public boolean atEnd() {
            return offset < 0;
        }
    }
}
