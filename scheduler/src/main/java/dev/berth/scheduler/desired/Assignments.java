package dev.berth.scheduler.desired;

import dev.berth.db.Database;
import dev.berth.scheduler.SchedulerException;
import dev.berth.scheduler.spec.ServiceSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a node should run, for its agent: a snapshot of all its assignments at a revision, and the changes after a
 * revision. Revisions come from one sequence, so they order every change of every node; an agent that saw revision
 * {@code r} resumes with the changes after {@code r} and misses nothing.
 */
public final class Assignments {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Database db;

    public Assignments(Database db) {
        this.db = db;
    }

    /**
     * One container the node should run.
     *
     * @param replica the replica id, which the agent reports the container under
     * @param name a stable, readable container name: tenant.app.service.slot
     * @param specVersion the service version the container runs
     * @param desired running (the only state today: a replica the node should not run is removed)
     * @param spec the validated spec (quantities in their stored form)
     */
    public record Assignment(long replica, String tenant, String app, String service, int slot, int specVersion,
                             String name, String desired, ServiceSpec spec) {}

    /** A stream message: {@code snapshot} (assignments), {@code put} (assignment), {@code remove} (replica). */
    public record Message(String type, long revision, @Nullable List<Assignment> assignments,
                          @Nullable Assignment assignment, @Nullable Long replica) {
        public static Message snapshot(long revision, List<Assignment> assignments) {
            return new Message("snapshot", revision, assignments, null, null);
        }

        public static Message keepalive(long revision) {
            return new Message("keepalive", revision, null, null, null);
        }
    }

    /** The node's assignments now, with the revision they are as of. */
    public Message snapshot(String node) {
        return db.transaction("read assignments of " + node, c -> {
            // Read under one snapshot: the revision and the assignments agree.
            try (PreparedStatement s = c.prepareStatement("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")) {
                s.execute();
            }
            requireNode(c, node);
            long revision = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT coalesce(max(revision), 0) FROM assignment_log")) {
                try (ResultSet rows = s.executeQuery()) {
                    rows.next();
                    revision = rows.getLong(1);
                }
            }
            List<Assignment> assignments = new ArrayList<>(load(c, "r.node_id = ?", node).values());
            return Message.snapshot(revision, assignments);
        });
    }

    /**
     * The node's changes after {@code revision}, in order, at most {@code limit}. A replica put and then removed within
     * the window is sent as both, so the agent converges whichever it saw.
     */
    public List<Message> changesAfter(String node, long revision, int limit) {
        return db.read("read assignment changes of " + node, c -> {
            List<long[]> log = new ArrayList<>();
            List<String> ops = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT revision, replica_id, op FROM assignment_log"
                    + " WHERE node_id = ? AND revision > ? ORDER BY revision LIMIT ?")) {
                s.setString(1, node);
                s.setLong(2, revision);
                s.setInt(3, limit);
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        log.add(new long[] {rows.getLong(1), rows.getLong(2)});
                        ops.add(rows.getString(3));
                    }
                }
            }
            if (log.isEmpty()) {
                return List.of();
            }
            Map<Long, Assignment> current = load(c, "r.node_id = ? AND r.id = ANY (?)", node,
                    (Object) log.stream().map(entry -> entry[1]).distinct().toArray(Long[]::new));
            List<Message> messages = new ArrayList<>();
            for (int i = 0; i < log.size(); i++) {
                long rev = log.get(i)[0];
                long replica = log.get(i)[1];
                Assignment assignment = current.get(replica);
                if (ops.get(i).equals("put") && assignment != null) {
                    messages.add(new Message("put", rev, null, assignment, replica));
                } else {
                    // Removed, or put and moved on since: either way the node should not run it.
                    messages.add(new Message("remove", rev, null, null, replica));
                }
            }
            return messages;
        });
    }

    /** The newest revision of any change; what a keepalive carries. */
    public long latestRevision() {
        return db.read("read revision", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT coalesce(max(revision), 0) FROM assignment_log");
                 ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    public void requireNode(String node) {
        db.read("read node " + node, c -> {
            requireNode(c, node);
            return null;
        });
    }

    private static void requireNode(Connection c, String node) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM nodes WHERE id = ?")) {
            s.setString(1, node);
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    throw SchedulerException.notFound("id", "no node '" + node + "' is registered");
                }
            }
        }
    }

    private static Map<Long, Assignment> load(Connection c, String where, String node, Object... more)
            throws SQLException {
        Map<Long, Assignment> assignments = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT r.id, a.tenant, a.name, v.name, r.slot, r.spec_version,"
                + " r.desired, sv.spec::text FROM replicas r JOIN services v ON v.id = r.service_id"
                + " JOIN apps a ON a.id = v.app_id JOIN service_versions sv ON sv.service_id = r.service_id"
                + " AND sv.version = r.spec_version WHERE " + where + " ORDER BY r.id")) {
            s.setString(1, node);
            for (int i = 0; i < more.length; i++) {
                s.setArray(2 + i, c.createArrayOf("bigint", (Object[]) more[i]));
            }
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    Assignment assignment = new Assignment(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getInt(5), rows.getInt(6), rows.getString(2) + "."
                            + rows.getString(3) + "." + rows.getString(4) + "." + rows.getInt(5), rows.getString(7),
                            JSON.readValue(rows.getString(8), ServiceSpec.class));
                    assignments.put(assignment.replica(), assignment);
                }
            }
        }
        return assignments;
    }
}
