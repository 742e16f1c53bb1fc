package dev.berth.scheduler.reconcile;

import dev.berth.db.Database;
import dev.berth.scheduler.cluster.Capacity;
import dev.berth.scheduler.cluster.Events;
import dev.berth.scheduler.cluster.NodeRegistry;
import dev.berth.scheduler.desired.AppStore;
import dev.berth.scheduler.leader.Fence;
import dev.berth.scheduler.metrics.SchedulerMetrics;
import dev.berth.scheduler.placement.NodeState;
import dev.berth.scheduler.placement.PlacementRequest;
import dev.berth.scheduler.placement.PlacementResult;
import dev.berth.scheduler.placement.Placer;
import dev.berth.scheduler.spec.StrictJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places a batch of pending replicas in one transaction: the nodes are read, every replica is decided on the nodes as
 * the earlier decisions of the round left them, and the round commits its reservations against the nodes' versions
 * as read. If a node changed meanwhile the whole round is rolled back and decided again on fresh state, up to
 * {@link #ATTEMPTS} times; a replica another scheduler placed meanwhile is a conflict too. Unplaceable replicas keep
 * their reasons per node.
 */
public final class PlacementRound {
    static final int ATTEMPTS = 5;
    /** Reasons kept per pending replica; with more nodes the summary counts the rest. */
    static final int REASONS_KEPT = 100;

    private final Database db;
    private final Placer placer;
    private final SchedulerMetrics metrics;
    private final Fence fence;

    public PlacementRound(Database db, Placer placer, SchedulerMetrics metrics, Fence fence) {
        this.db = db;
        this.placer = placer;
        this.metrics = metrics;
        this.fence = fence;
    }

    /** What a round did. */
    public record Outcome(int placed, int unplaceable, int attempts) {}

    /**
     * Places {@code pending}; {@code spreadCounts} holds, per service, its replicas per node (updated as replicas are
     * placed, for the next round).
     */
    public Outcome place(List<PendingReplica> pending, Map<String, Map<String, Integer>> spreadCounts) {
        List<PendingReplica> left = pending;
        for (int attempt = 1; ; attempt++) {
            Map<String, Map<String, Integer>> counts = copy(spreadCounts);
            List<PendingReplica> round = left;
            try {
                int[] result = db.transaction("place " + round.size() + " replicas", c -> decideAndCommit(c,
                        round, counts));
                spreadCounts.clear();
                spreadCounts.putAll(counts);
                return new Outcome(result[0], result[1], attempt);
            } catch (Capacity.ConflictException e) {
                metrics.conflict();
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                // Replicas removed (an app deleted) or placed by someone else meanwhile are no longer this round's.
                left = stillPending(round);
                if (left.isEmpty()) {
                    return new Outcome(0, 0, attempt);
                }
            }
        }
    }

    private List<PendingReplica> stillPending(List<PendingReplica> replicas) {
        return db.read("re-read pending replicas", c -> {
            java.util.Set<Long> pending = new java.util.HashSet<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM replicas WHERE id = ANY (?)"
                    + " AND node_id IS NULL")) {
                s.setArray(1, c.createArrayOf("bigint", replicas.stream().map(PendingReplica::id).toArray()));
                try (java.sql.ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        pending.add(rows.getLong(1));
                    }
                }
            }
            return replicas.stream().filter(r -> pending.contains(r.id())).toList();
        });
    }

    private int[] decideAndCommit(Connection c, List<PendingReplica> pending,
                                  Map<String, Map<String, Integer>> counts) throws SQLException {
        Map<String, NodeState> read = NodeRegistry.snapshot(c);
        Map<String, NodeState> working = new LinkedHashMap<>(read);
        Map<Long, String> chosen = new LinkedHashMap<>();
        Map<Long, AppStore.PendingReason> failed = new LinkedHashMap<>();
        for (PendingReplica replica : pending) {
            Map<String, Integer> byNode = counts.computeIfAbsent(replica.service(), s -> new HashMap<>());
            PlacementRequest request = new PlacementRequest(replica.service(), replica.demand(), replica.hostPorts(),
                    replica.constraints(), replica.spread(), replica.image(), byNode);
            long started = System.nanoTime();
            PlacementResult result = placer.place(working.values(), request);
            metrics.decided(result instanceof PlacementResult.Placed, System.nanoTime() - started);
            switch (result) {
                case PlacementResult.Placed placed -> {
                    NodeState node = placed.node();
                    working.put(node.id(), node.with(replica.demand(), replica.hostPorts()));
                    byNode.merge(node.id(), 1, Integer::sum);
                    chosen.put(replica.id(), node.id());
                }
                case PlacementResult.PlacementFailure failure -> failed.put(replica.id(),
                        new AppStore.PendingReason(failure.message(), failure.summary(),
                                failure.firstReasons(REASONS_KEPT)));
            }
        }
        List<Capacity.Reservation> reservations = new ArrayList<>();
        for (Map.Entry<String, NodeState> e : working.entrySet()) {
            NodeState before = read.get(e.getKey());
            if (before != e.getValue()) {
                reservations.add(Capacity.between(before, e.getValue()));
            }
        }
        Capacity.reserve(c, reservations);
        commitChosen(c, chosen);
        if (!failed.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("UPDATE replicas SET pending_reason = ?::jsonb"
                    + " WHERE id = ? AND node_id IS NULL")) {
                for (Map.Entry<Long, AppStore.PendingReason> e : failed.entrySet()) {
                    s.setString(1, StrictJson.write(e.getValue()));
                    s.setLong(2, e.getKey());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        fence.check(c);
        return new int[] {chosen.size(), failed.size()};
    }

    private static void commitChosen(Connection c, Map<Long, String> chosen) throws SQLException {
        if (chosen.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE replicas SET node_id = ?, status = 'assigned',"
                + " pending_reason = NULL, updated_at = now(), version = version + 1 WHERE id = ? AND node_id IS NULL")) {
            for (Map.Entry<Long, String> e : chosen.entrySet()) {
                s.setString(1, e.getValue());
                s.setLong(2, e.getKey());
                s.addBatch();
            }
            int[] counts = s.executeBatch();
            int i = 0;
            for (Map.Entry<Long, String> e : chosen.entrySet()) {
                if (counts[i++] == 0) {
                    throw new Capacity.ConflictException("replica " + e.getKey()
                            + " was placed or removed meanwhile");
                }
            }
        }
        AppStore.lockAssignmentLog(c);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO assignment_log (node_id, replica_id, op)"
                + " VALUES (?, ?, 'put')")) {
            for (Map.Entry<Long, String> e : chosen.entrySet()) {
                s.setString(1, e.getValue());
                s.setLong(2, e.getKey());
                s.addBatch();
            }
            s.executeBatch();
        }
        List<Events.ContainerEvent> created = new ArrayList<>();
        chosen.forEach((replica, node) -> created.add(Events.ContainerEvent.of(replica, "create", node,
                "assigned to " + node)));
        Events.containers(c, created);
    }

    private static Map<String, Map<String, Integer>> copy(Map<String, Map<String, Integer>> counts) {
        Map<String, Map<String, Integer>> copy = new HashMap<>();
        counts.forEach((service, byNode) -> copy.put(service, new HashMap<>(byNode)));
        return copy;
    }
}
