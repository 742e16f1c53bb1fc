package dev.berth.scheduler.events;

import dev.berth.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a tenant's events in id order, for pages and for streams that poll.
 *
 * <p>Ids are drawn in order but committed in any order, so a reader can see event 12 before event 11 commits. The
 * log is therefore read past a gap only when the gap is final: right after it comes an event whose horizon (the end
 * of a snapshot its writer took after drawing its id) every running transaction is past. The gap's writer drew its
 * id before, so it had a transaction id below that horizon and has ended: committed (and then visible) or rolled
 * back. A stream resumed after an id thus misses nothing and repeats nothing, and no writer waits on a lock for it.
 * The scan reads every tenant's rows (only one tenant's are returned): the order is the log's, not a tenant's.
 */
public final class EventLog {
    private static final int SCAN = 1000;
    private static final String SETTLED = "(horizon IS NULL OR horizon <= pg_snapshot_xmin(pg_current_snapshot()))";

    private final Database db;

    public EventLog(Database db) {
        this.db = db;
    }

    /**
     * Events found after a cursor.
     *
     * @param cursor where the next read starts: the last event passed, the tenant's or another's
     */
    public record Batch(List<Event> events, long cursor) {}

    /**
     * Where a query starts: after its id, at its time, or, with neither, at the oldest event kept ({@code fromNow}
     * false, for pages) or after the newest settled one ({@code fromNow} true: a stream of what happens next).
     */
    public long start(EventQuery query, boolean fromNow) {
        if (query.afterId() != null) {
            return query.afterId();
        }
        return db.read("find where events start", c -> {
            String sql = query.since() != null
                    ? "SELECT coalesce(min(id) - 1, (SELECT coalesce(max(id), 0) FROM events)) FROM events WHERE at >= ?"
                    : fromNow ? "SELECT coalesce(max(id), 0) FROM events WHERE " + SETTLED : "SELECT 0";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                if (query.since() != null) {
                    s.setTimestamp(1, Timestamp.from(query.since()));
                }
                try (ResultSet rows = s.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    /** Up to {@code limit} of the query's events after {@code cursor}, and where to read on from. */
    public Batch after(EventQuery query, long cursor, int limit) {
        return db.read("read events of " + query.tenant(), c -> {
            List<Event> found = new ArrayList<>();
            long at = cursor;
            while (found.size() < limit) {
                Scan scan = scan(c, query, at, limit - found.size());
                found.addAll(scan.events());
                if (scan.cursor() == at || !scan.full()) {
                    at = scan.cursor();
                    break;
                }
                at = scan.cursor();
            }
            return new Batch(found, at);
        });
    }

    /** Deletes the events older than {@code age}; how many. */
    public int trim(Connection c, Duration age) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM events WHERE at < now()"
                + " - make_interval(secs => ?)")) {
            s.setDouble(1, age.toMillis() / 1000.0);
            return s.executeUpdate();
        }
    }

    public int trim(Duration age) {
        return db.autocommit("trim events", c -> trim(c, age));
    }

    /** One read of the log after {@code cursor}; {@code full} when it may have stopped short of the end. */
    private record Scan(List<Event> events, long cursor, boolean full) {}

    private static Scan scan(Connection c, EventQuery query, long cursor, int limit) throws SQLException {
        List<Event> events = new ArrayList<>();
        long at = cursor;
        int rowsRead = 0;
        try (PreparedStatement s = c.prepareStatement("SELECT id, at, kind, subject, tenant, app, service, replica,"
                + " node, exit_code, oom, health, version, message, " + SETTLED + " FROM events WHERE id > ?"
                + " ORDER BY id LIMIT ?")) {
            s.setLong(1, cursor);
            s.setInt(2, SCAN);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    rowsRead++;
                    long id = rows.getLong(1);
                    if (id != at + 1 && !rows.getBoolean(15)) {
                        return new Scan(events, at, false); // a gap whose writer may still commit: wait for it
                    }
                    at = id;
                    String tenant = rows.getString(5);
                    if (tenant == null) {
                        continue; // the platform's
                    }
                    Event event = new Event(id, rows.getTimestamp(2).toInstant(), scope(rows.getObject(8),
                            rows.getString(7)), rows.getString(3), rows.getString(4), tenant, rows.getString(6),
                            rows.getString(7), (Long) rows.getObject(8), rows.getString(9),
                            (Integer) rows.getObject(10), (Boolean) rows.getObject(11), rows.getString(12),
                            (Integer) rows.getObject(13), rows.getString(14));
                    if (query.matches(event)) {
                        events.add(event);
                        if (events.size() == limit) {
                            return new Scan(events, at, true);
                        }
                    }
                }
            }
        }
        return new Scan(events, at, rowsRead == SCAN);
    }

    private static String scope(@Nullable Object replica, @Nullable String service) {
        return replica != null ? "container" : service != null ? "service" : "app";
    }
}
