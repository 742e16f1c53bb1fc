package dev.berth.scheduler.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Appends to the events table, in the caller's transaction: an event is recorded if and only if what it tells is.
 * Platform events (nodes) have no tenant; app, service and container events carry their tenant and are what
 * {@code GET /api/v1/events} serves.
 *
 * <p>Every write takes the table's ROW EXCLUSIVE lock before it draws event ids, and holds it to the end of its
 * transaction, as any insert does: a reader that finds a gap in the ids can see in {@code pg_locks} which
 * transactions may still fill it (see {@code events.EventLog}). Writers do not block each other or readers.
 */
public final class Events {
    private static final String COLUMNS = "INSERT INTO events (id, kind, message, subject, tenant, app, service,"
            + " replica, node, exit_code, oom, health, version) ";

    private Events() {}

    /** A platform event: about a node, for operators. */
    public static void record(Connection c, String kind, String subject, String message) throws SQLException {
        insert(c, kind, subject, message, null, null);
    }

    /** An app's event ({@code create}, {@code destroy}). */
    public static void app(Connection c, String tenant, String app, String type, String message) throws SQLException {
        insert(c, type, tenant + "." + app, message, tenant, app);
    }

    private static void insert(Connection c, String kind, String subject, String message, @Nullable String tenant,
                               @Nullable String app) throws SQLException {
        long id = draw(c, 1)[0];
        try (PreparedStatement s = c.prepareStatement(COLUMNS + "VALUES (?, ?, ?, ?, ?, ?,"
                + " NULL, NULL, NULL, NULL, NULL, NULL, NULL)")) {
            s.setLong(1, id);
            s.setString(2, kind);
            s.setString(3, trim(message));
            s.setString(4, subject);
            s.setString(5, tenant);
            s.setString(6, app);
            s.executeUpdate();
        }
    }

    /** A service's event ({@code update}, {@code scale}, {@code deploy}, {@code rollback}, rollout outcomes). */
    public static void service(Connection c, long serviceId, String type, int version, String message)
            throws SQLException {
        long id = draw(c, 1)[0];
        try (PreparedStatement s = c.prepareStatement(COLUMNS + "SELECT ?, ?, ?, a.tenant || '.'"
                + " || a.name || '.' || v.name, a.tenant, a.name, v.name, NULL, NULL, NULL, NULL, NULL, ?"
                + " FROM services v JOIN apps a ON a.id = v.app_id WHERE v.id = ?")) {
            s.setLong(1, id);
            s.setString(2, type);
            s.setString(3, trim(message));
            s.setInt(4, version);
            s.setLong(5, serviceId);
            s.executeUpdate();
        }
    }

    /**
     * A container's event.
     *
     * @param replica the replica (it must still exist: record a {@code destroy} before the row goes)
     * @param type create, start, die, stop, health_status, reschedule or destroy
     * @param node the node it concerns, when not (or no longer) the replica's
     */
    public record ContainerEvent(long replica, String type, @Nullable String node, @Nullable Integer exitCode,
                                 @Nullable Boolean oom, @Nullable String health, String message) {
        public static ContainerEvent of(long replica, String type, @Nullable String node, String message) {
            return new ContainerEvent(replica, type, node, null, null, null, message);
        }
    }

    /** Containers' events, in order; the tenant, app, service, name and version come from the replica's row. */
    public static void containers(Connection c, List<ContainerEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        long[] ids = draw(c, events.size());
        try (PreparedStatement s = c.prepareStatement(COLUMNS + "SELECT ?, ?, ?, a.tenant || '.'"
                + " || a.name || '.' || v.name || '.' || r.slot, a.tenant, a.name, v.name, r.id,"
                + " coalesce(?, r.node_id), ?, ?, ?, r.spec_version FROM replicas r JOIN services v"
                + " ON v.id = r.service_id JOIN apps a ON a.id = v.app_id WHERE r.id = ?")) {
            for (int i = 0; i < events.size(); i++) {
                ContainerEvent e = events.get(i);
                s.setLong(1, ids[i]);
                s.setString(2, e.type());
                s.setString(3, trim(e.message()));
                s.setString(4, e.node());
                s.setObject(5, e.exitCode(), Types.INTEGER);
                s.setObject(6, e.oom(), Types.BOOLEAN);
                s.setString(7, e.health());
                s.setLong(8, e.replica());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Draws {@code count} ids, after taking the lock that shows this transaction as a writer of events. */
    private static long[] draw(Connection c, int count) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("LOCK TABLE events IN ROW EXCLUSIVE MODE")) {
            s.execute();
        }
        long[] ids = new long[count];
        try (PreparedStatement s = c.prepareStatement("SELECT nextval('events_id_seq') FROM generate_series(1, ?)")) {
            s.setInt(1, count);
            try (ResultSet rows = s.executeQuery()) {
                for (int i = 0; rows.next(); i++) {
                    ids[i] = rows.getLong(1);
                }
            }
        }
        java.util.Arrays.sort(ids);
        return ids;
    }

    private static String trim(String message) {
        return message.length() > 2000 ? message.substring(0, 2000) : message;
    }
}
