package dev.berth.scheduler.events;

import dev.berth.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a tenant's events in id order, for pages and for streams that poll.
 *
 * <p>Ids are drawn in order but committed in any order, so a reader can see event 12 while event 11's transaction is
 * still open. The log is therefore read past a gap only once the gap is final. Writers take the table's lock before
 * they draw ({@code cluster.Events}), so the transaction that drew 11 is, while open, among those holding it: the
 * reader notes those transactions after the read that found the gap and waits (up to {@link #GAP_WAIT}) until they
 * have all ended. By then event 11 has committed (it is visible on the next read) or rolled back (the gap stays, and
 * is passed). A stream resumed after an id thus misses nothing and repeats nothing, no writer waits for a reader, and
 * transactions that write no events are never waited for. The scan reads every tenant's rows (and returns one
 * tenant's): gaps are the log's, not a tenant's.
 */
public final class EventLog {
    private static final int SCAN = 1000;
    static final Duration GAP_WAIT = Duration.ofSeconds(1);

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
     * false, for pages) or after the newest one ({@code fromNow} true: a stream of what happens next).
     */
    public long start(EventQuery query, boolean fromNow) {
        if (query.afterId() != null) {
            return query.afterId();
        }
        return db.read("find where events start", c -> {
            String sql = query.since() != null
                    ? "SELECT coalesce(min(id) - 1, (SELECT coalesce(max(id), 0) FROM events)) FROM events WHERE at >= ?"
                    : fromNow ? "SELECT coalesce(max(id), 0) FROM events" : "SELECT 0";
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
            long passable = 0; // gaps before ids up to this one are final
            boolean waited = false;
            while (found.size() < limit) {
                Scan scan = scan(c, query, at, limit - found.size(), passable);
                found.addAll(scan.events());
                at = scan.cursor();
                if (scan.atGap()) {
                    if (waited || !eventWritersEnded(c)) {
                        break;
                    }
                    waited = true;
                    passable = scan.lastRead();
                } else if (!scan.full()) {
                    break;
                }
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

    /**
     * One read of the log after {@code cursor}: {@code atGap} when it stopped before a gap that may not be final,
     * {@code full} when it stopped at the limit or the read's size, {@code lastRead} the highest id it read.
     */
    private record Scan(List<Event> events, long cursor, boolean atGap, boolean full, long lastRead) {}

    private static Scan scan(Connection c, EventQuery query, long cursor, int limit, long passable)
            throws SQLException {
        List<Event> events = new ArrayList<>();
        long at = cursor;
        long lastRead = cursor;
        int rowsRead = 0;
        try (PreparedStatement s = c.prepareStatement("SELECT id, at, kind, subject, tenant, app, service, replica,"
                + " node, exit_code, oom, health, version, message FROM events WHERE id > ? ORDER BY id LIMIT ?")) {
            s.setLong(1, cursor);
            s.setInt(2, SCAN);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    rowsRead++;
                    long id = rows.getLong(1);
                    lastRead = id;
                    if (id != at + 1 && id > passable) {
                        while (rows.next()) {
                            lastRead = rows.getLong(1);
                        }
                        return new Scan(events, at, true, false, lastRead);
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
                            return new Scan(events, at, false, true, lastRead);
                        }
                    }
                }
            }
        }
        return new Scan(events, at, false, rowsRead == SCAN, lastRead);
    }

    /**
     * Waits, up to {@link #GAP_WAIT}, until the transactions that hold the events table's writer lock now have all
     * ended; whether they did.
     */
    private static boolean eventWritersEnded(Connection c) throws SQLException {
        long deadline = System.nanoTime() + GAP_WAIT.toNanos();
        try (PreparedStatement s = c.prepareStatement("SELECT virtualtransaction FROM pg_locks WHERE locktype ="
                + " 'relation' AND relation = 'events'::regclass AND mode = 'RowExclusiveLock' AND granted"
                + " AND pid <> pg_backend_pid()")) {
            Set<String> writers = writers(s);
            while (!writers.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                writers.retainAll(writers(s));
            }
            return true;
        }
    }

    private static Set<String> writers(PreparedStatement s) throws SQLException {
        Set<String> writers = new HashSet<>();
        try (ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                writers.add(rows.getString(1));
            }
        }
        return writers;
    }

    private static String scope(@Nullable Object replica, @Nullable String service) {
        return replica != null ? "container" : service != null ? "service" : "app";
    }
}
