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
 * <p>Ids are drawn in order but committed in any order, so a reader can see event 12 while event 11's transaction is
 * still open. The log is therefore read past a gap only once the gap is final: the reader takes a transaction id of
 * its own after the read that found the gap and waits (up to {@link #GAP_WAIT}) until every transaction older than it
 * has ended. The gap's writer drew its id before event 12 committed, and it had its transaction id before drawing
 * ({@code cluster.Events}), so by then it has committed (its event is visible on the next read) or rolled back (the gap
 * stays, and is passed). A stream resumed after an id thus misses nothing and repeats nothing, and no writer waits on
 * a lock for it. The scan reads every tenant's rows (and returns one tenant's): gaps are the log's, not a tenant's.
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
                    if (waited || !olderTransactionsEnded(c)) {
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
     * Takes a transaction id and waits, up to {@link #GAP_WAIT}, until every transaction older than it has ended;
     * whether they did. The connection is in autocommit: the id's own transaction ends with its statement.
     */
    private static boolean olderTransactionsEnded(Connection c) throws SQLException {
        String mine;
        try (PreparedStatement s = c.prepareStatement("SELECT pg_current_xact_id()::text");
             ResultSet rows = s.executeQuery()) {
            rows.next();
            mine = rows.getString(1);
        }
        long deadline = System.nanoTime() + GAP_WAIT.toNanos();
        try (PreparedStatement s = c.prepareStatement("SELECT pg_snapshot_xmin(pg_current_snapshot()) > ?::xid8")) {
            s.setString(1, mine);
            while (true) {
                try (ResultSet rows = s.executeQuery()) {
                    rows.next();
                    if (rows.getBoolean(1)) {
                        return true;
                    }
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    private static String scope(@Nullable Object replica, @Nullable String service) {
        return replica != null ? "container" : service != null ? "service" : "app";
    }
}
