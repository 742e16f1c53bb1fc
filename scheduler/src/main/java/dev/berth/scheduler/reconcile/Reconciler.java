package dev.berth.scheduler.reconcile;

import dev.berth.db.Database;
import dev.berth.scheduler.cluster.Capacity;
import dev.berth.scheduler.cluster.Events;
import dev.berth.scheduler.cluster.NodeRegistry;
import dev.berth.scheduler.desired.AppStore;
import dev.berth.scheduler.leader.Fence;
import dev.berth.scheduler.metrics.SchedulerMetrics;
import dev.berth.scheduler.placement.Resources;
import dev.berth.scheduler.rollout.ReplicaView;
import dev.berth.scheduler.rollout.RolloutPlan;
import dev.berth.scheduler.rollout.RolloutPlanner;
import dev.berth.scheduler.spec.Constraint;
import dev.berth.scheduler.spec.Demand;
import dev.berth.scheduler.spec.ServiceSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One pass of the leader's loop, in three steps, each a fenced transaction:
 *
 * <ol>
 *   <li>nodes without a heartbeat for the grace are marked down, and their replicas lose their node (pending again,
 *       in the same slot, so they are placed again rather than duplicated);</li>
 *   <li>every service is planned ({@link RolloutPlanner}): replicas created for new slots, surges and replacements,
 *       removed when scaled down, replaced or moved off a draining node; a failed rollout is rolled back;</li>
 *   <li>pending replicas are placed ({@link PlacementRound}), in rounds of {@link #ROUND}.</li>
 * </ol>
 *
 * Every step starts from what PostgreSQL holds, so a new leader simply carries on where the previous one stopped.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    static final int ROUND = 200;
    /** Restarts of a new replica during a rollout after which it counts as failed (a crash loop). */
    static final int ROLLOUT_RESTARTS = 3;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Database db;
    private final NodeRegistry nodes;
    private final PlacementRound placement;
    private final Fence fence;
    private final SchedulerMetrics metrics;
    private final Duration grace;

    public Reconciler(Database db, NodeRegistry nodes, PlacementRound placement, Fence fence, SchedulerMetrics metrics,
                      Duration grace) {
        this.db = db;
        this.nodes = nodes;
        this.placement = placement;
        this.fence = fence;
        this.metrics = metrics;
        this.grace = grace;
    }

    /** One pass; what it did, for the log and the tests. */
    public record PassReport(List<String> nodesDown, int moved, int created, int removed, int placed,
                             int unplaceable, List<String> rolledBack) {}

    public PassReport pass() {
        long started = System.nanoTime();
        int[] moved = {0};
        List<String> down = db.transaction("mark nodes down", c -> {
            List<String> marked = nodes.markDown(c, grace);
            moved[0] = detachFromDownNodes(c);
            fence.check(c);
            return marked;
        });
        if (moved[0] > 0) {
            metrics.moved(moved[0]);
        }
        int[] changes = {0, 0};
        List<String> rolledBack = new ArrayList<>();
        db.transaction("plan services", c -> {
            planServices(c, changes, rolledBack);
            fence.check(c);
            return null;
        });
        int placed = 0;
        int unplaceable = 0;
        Map<String, Map<String, Integer>> spread = db.read("count replicas per node", Reconciler::spreadCounts);
        List<PendingReplica> pending = db.read("read pending replicas", Reconciler::pending);
        for (int from = 0; from < pending.size(); from += ROUND) {
            PlacementRound.Outcome outcome = placement.place(pending.subList(from,
                    Math.min(pending.size(), from + ROUND)), spread);
            placed += outcome.placed();
            unplaceable += outcome.unplaceable();
        }
        metrics.pass(System.nanoTime() - started);
        PassReport report = new PassReport(down, moved[0], changes[0], changes[1], placed, unplaceable, rolledBack);
        if (!down.isEmpty() || moved[0] > 0 || changes[0] > 0 || changes[1] > 0 || placed > 0 || !rolledBack.isEmpty()) {
            log.info("reconciled: {}", report);
        }
        return report;
    }

    /** Replicas on down nodes go back to pending (their reservations given back), to be placed elsewhere. */
    private static int detachFromDownNodes(Connection c) throws SQLException {
        record Held(long id, String node, Resources demand, List<Integer> ports) {}
        List<Held> held = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT r.id, r.node_id, r.cpu_milli, r.memory_bytes, r.pids,"
                + " r.host_ports FROM replicas r JOIN nodes n ON n.id = r.node_id WHERE n.state = 'down'"
                + " ORDER BY r.id FOR UPDATE OF r");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                held.add(new Held(rows.getLong(1), rows.getString(2), new Resources(rows.getLong(3), rows.getLong(4),
                        rows.getLong(5)), Arrays.asList((Integer[]) rows.getArray(6).getArray())));
            }
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE replicas SET node_id = NULL, status = 'pending',"
                + " restarts = 0, container_id = NULL, updated_at = now(), version = version + 1 WHERE id = ?")) {
            for (Held h : held) {
                Capacity.release(c, h.node(), h.demand(), h.ports());
                AppStore.logAssignment(c, h.node(), h.id(), "remove");
                s.setLong(1, h.id());
                s.executeUpdate();
                Events.containers(c, List.of(Events.ContainerEvent.of(h.id(), "reschedule", h.node(),
                        "node " + h.node() + " is down")));
            }
        }
        return held.size();
    }

    private record ServiceRow(long id, String key, int version, String hash, String rollout,
                              @Nullable Integer rolloutFrom, ServiceSpec spec) {}

    private record ReplicaRow(long id, long service, int slot, String hash, @Nullable String node, String status,
                              int restarts, boolean hasHealth, boolean nodeDraining) {}

    private void planServices(Connection c, int[] changes, List<String> rolledBack) throws SQLException {
        List<ServiceRow> services = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT v.id, a.tenant || '/' || a.name || '/' || v.name,"
                + " v.current_version, sv.template_hash, v.rollout_state, v.rollout_from, sv.spec::text"
                + " FROM services v JOIN apps a ON a.id = v.app_id JOIN service_versions sv ON sv.service_id = v.id"
                + " AND sv.version = v.current_version ORDER BY v.id FOR UPDATE OF v");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                services.add(new ServiceRow(rows.getLong(1), rows.getString(2), rows.getInt(3), rows.getString(4),
                        rows.getString(5), (Integer) rows.getObject(6),
                        JSON.readValue(rows.getString(7), ServiceSpec.class)));
            }
        }
        Map<Long, List<ReplicaRow>> replicas = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT r.id, r.service_id, r.slot, sv.template_hash,"
                + " r.node_id, r.status, r.restarts, sv.spec->'health' IS NOT NULL"
                + " AND jsonb_typeof(sv.spec->'health') = 'object', coalesce(n.draining, false)"
                + " FROM replicas r JOIN service_versions sv ON sv.service_id = r.service_id"
                + " AND sv.version = r.spec_version LEFT JOIN nodes n ON n.id = r.node_id ORDER BY r.id");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                replicas.computeIfAbsent(rows.getLong(2), k -> new ArrayList<>()).add(new ReplicaRow(rows.getLong(1),
                        rows.getLong(2), rows.getInt(3), rows.getString(4), rows.getString(5), rows.getString(6),
                        rows.getInt(7), rows.getBoolean(8), rows.getBoolean(9)));
            }
        }
        for (ServiceRow service : services) {
            boolean rollingOut = service.rollout().equals("progressing");
            List<ReplicaView> views = new ArrayList<>();
            for (ReplicaRow r : replicas.getOrDefault(service.id(), List.of())) {
                boolean current = r.hash().equals(service.hash());
                views.add(new ReplicaView(r.id(), r.slot(), current, r.nodeDraining(),
                        health(r, rollingOut && current)));
            }
            ServiceSpec.Update update = Objects.requireNonNull(service.spec().update());
            RolloutPlan plan = RolloutPlanner.plan(Objects.requireNonNull(service.spec().replicas()),
                    Objects.requireNonNull(update.maxUnavailable()), Objects.requireNonNull(update.maxSurge()),
                    rollingOut, views);
            if (plan.outcome() == RolloutPlan.Outcome.FAILED) {
                rollBack(c, service, Objects.requireNonNull(plan.failed()));
                rolledBack.add(service.key());
                continue;
            }
            for (long id : plan.remove()) {
                AppStore.removeReplica(c, id);
                changes[1]++;
            }
            if (!plan.create().isEmpty()) {
                Demand demand = Demand.of(service.spec());
                try (PreparedStatement s = c.prepareStatement("INSERT INTO replicas (service_id, slot, spec_version,"
                        + " cpu_milli, memory_bytes, pids, host_ports) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    for (int slot : plan.create()) {
                        s.setLong(1, service.id());
                        s.setInt(2, slot);
                        s.setInt(3, service.version());
                        s.setLong(4, demand.cpuMilli());
                        s.setLong(5, demand.memoryBytes());
                        s.setLong(6, demand.pids());
                        s.setArray(7, c.createArrayOf("integer", demand.hostPorts().toArray()));
                        s.addBatch();
                        changes[0]++;
                    }
                    s.executeBatch();
                }
            }
            if (plan.outcome() == RolloutPlan.Outcome.CONVERGED && rollingOut) {
                try (PreparedStatement s = c.prepareStatement("UPDATE services SET rollout_state = 'done',"
                        + " rollout_message = ? WHERE id = ?")) {
                    s.setString(1, "version " + service.version() + " rolled out");
                    s.setLong(2, service.id());
                    s.executeUpdate();
                }
                Events.service(c, service.id(), "rollout_done", service.version(), "version " + service.version()
                        + " rolled out");
            }
        }
    }

    /**
     * A new replica failed during the rollout: a new version with the spec the rollout started from becomes current.
     * Its template is the old replicas' template, so they are current again and stay; the failed version's replicas
     * are replaced by the planner on the next pass like any outdated ones.
     */
    private void rollBack(Connection c, ServiceRow service, ReplicaView failed) throws SQLException {
        int from = Objects.requireNonNull(service.rolloutFrom());
        ServiceSpec previous = Objects.requireNonNull(AppStore.spec(c, service.id(), from));
        String why = "replica " + failed.id() + " (slot " + failed.slot() + ") of version " + service.version()
                + " failed";
        int version = AppStore.addVersion(c, service.id(), previous, "automatic rollback to version " + from + ": "
                + why);
        try (PreparedStatement s = c.prepareStatement("UPDATE services SET current_version = ?,"
                + " rollout_state = 'rolled-back', rollout_message = ? WHERE id = ?")) {
            s.setInt(1, version);
            s.setString(2, "version " + service.version() + " rolled back to the spec of version " + from + ": "
                    + why);
            s.setLong(3, service.id());
            s.executeUpdate();
        }
        Events.service(c, service.id(), "rolled_back", version, "version " + service.version()
                + " rolled back to the spec of version " + from + ": " + why);
        metrics.rolledBack();
        log.warn("{}: rollout of version {} rolled back: {}", service.key(), service.version(), why);
    }

    private static ReplicaView.Health health(ReplicaRow r, boolean newInRollout) {
        return switch (r.status()) {
            case "healthy" -> ReplicaView.Health.AVAILABLE;
            case "running" -> r.hasHealth() ? ReplicaView.Health.STARTING
                    : newInRollout && r.restarts() >= ROLLOUT_RESTARTS ? ReplicaView.Health.FAILED
                    : ReplicaView.Health.AVAILABLE;
            case "unhealthy", "failed" -> ReplicaView.Health.FAILED;
            default -> newInRollout && r.restarts() >= ROLLOUT_RESTARTS ? ReplicaView.Health.FAILED
                    : ReplicaView.Health.STARTING;
        };
    }

    /**
     * Per service, its replicas per node that are there to stay. An outdated replica (of an older template during a
     * rollout, or on a draining node) is about to be replaced: counting it would steer its replacement, and those of
     * the others, away from exactly the nodes they are leaving, and a rollout would end with the new replicas piled on
     * whichever nodes had fewest old ones.
     */
    private static Map<String, Map<String, Integer>> spreadCounts(Connection c) throws SQLException {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT r.service_id, r.node_id, count(*) FROM replicas r"
                + " JOIN services sv ON sv.id = r.service_id"
                + " JOIN service_versions cur ON cur.service_id = sv.id AND cur.version = sv.current_version"
                + " JOIN service_versions own ON own.service_id = r.service_id AND own.version = r.spec_version"
                + " JOIN nodes n ON n.id = r.node_id"
                + " WHERE own.template_hash = cur.template_hash AND NOT n.draining GROUP BY 1, 2");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                counts.computeIfAbsent(Long.toString(rows.getLong(1)), k -> new HashMap<>())
                        .put(rows.getString(2), rows.getInt(3));
            }
        }
        return counts;
    }

    private static List<PendingReplica> pending(Connection c) throws SQLException {
        Map<String, ServiceSpec> specs = new HashMap<>();
        List<PendingReplica> pending = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT r.id, r.service_id, r.spec_version, r.cpu_milli,"
                + " r.memory_bytes, r.pids, r.host_ports, sv.spec::text FROM replicas r JOIN service_versions sv"
                + " ON sv.service_id = r.service_id AND sv.version = r.spec_version WHERE r.node_id IS NULL"
                + " ORDER BY r.id");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                String versionKey = rows.getLong(2) + "@" + rows.getInt(3);
                String text = rows.getString(8);
                ServiceSpec spec = specs.computeIfAbsent(versionKey, k -> JSON.readValue(text, ServiceSpec.class));
                ServiceSpec.Placement placement = Objects.requireNonNull(spec.placement());
                List<Constraint> constraints = Objects.requireNonNull(placement.constraints()).stream()
                        .map(Constraint::parse).filter(Objects::nonNull).toList();
                pending.add(new PendingReplica(rows.getLong(1), Long.toString(rows.getLong(2)),
                        new Resources(rows.getLong(4), rows.getLong(5), rows.getLong(6)),
                        Arrays.asList((Integer[]) rows.getArray(7).getArray()), constraints, placement.spread(),
                        Objects.requireNonNull(spec.image())));
            }
        }
        return pending;
    }
}
