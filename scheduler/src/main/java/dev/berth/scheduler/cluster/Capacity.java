package dev.berth.scheduler.cluster;

import dev.berth.scheduler.placement.NodeState;
import dev.berth.scheduler.placement.Resources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Reserving and releasing node capacity in PostgreSQL.
 *
 * <p>Reservations are optimistic: each node's reservation of a round applies only if the node's version is still the
 * one the placement was decided on ({@code UPDATE ... WHERE id = ? AND version = ?}); if any node changed meanwhile
 * (another scheduler placed on it, it went down, it was drained) the round is rolled back and decided again on fresh
 * state. Two schedulers can therefore never oversubscribe a node. Releases need no version: giving back never
 * overcommits, and they bump the version so that a concurrent decision sees the node anew.
 */
public final class Capacity {
    private Capacity() {}

    /** A node's reservations of one round: added resources and ports, against the version it was read at. */
    public record Reservation(String node, long version, Resources added, List<Integer> ports) {}

    /** Something a round decided on changed before it committed; the round must be rolled back and redone. */
    public static final class ConflictException extends RuntimeException {
        public ConflictException(String what) {
            super(what);
        }
    }

    /** Applies every reservation or throws {@link ConflictException}; the caller's transaction rolls back then. */
    public static void reserve(Connection c, Collection<Reservation> reservations) throws SQLException {
        if (reservations.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE nodes SET allocated_cpu_milli = allocated_cpu_milli + ?,"
                + " allocated_memory_bytes = allocated_memory_bytes + ?, allocated_pids = allocated_pids + ?,"
                + " used_ports = used_ports || ?::integer[], version = version + 1 WHERE id = ? AND version = ?")) {
            for (Reservation r : reservations) {
                s.setLong(1, r.added().cpuMilli());
                s.setLong(2, r.added().memoryBytes());
                s.setLong(3, r.added().pids());
                s.setArray(4, c.createArrayOf("integer", r.ports().toArray()));
                s.setString(5, r.node());
                s.setLong(6, r.version());
                s.addBatch();
            }
            int[] counts = s.executeBatch();
            int i = 0;
            for (Reservation r : reservations) {
                if (counts[i++] == 0) {
                    throw new ConflictException("node " + r.node() + " changed while placing on it");
                }
            }
        }
    }

    /** Gives back what a replica reserved on a node. */
    public static void release(Connection c, String node, Resources demand, List<Integer> ports) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE nodes SET allocated_cpu_milli = allocated_cpu_milli - ?,"
                + " allocated_memory_bytes = allocated_memory_bytes - ?, allocated_pids = allocated_pids - ?,"
                + " used_ports = (SELECT coalesce(array_agg(p), '{}') FROM unnest(used_ports) p"
                + " WHERE NOT p = ANY (?::integer[])), version = version + 1 WHERE id = ?")) {
            s.setLong(1, demand.cpuMilli());
            s.setLong(2, demand.memoryBytes());
            s.setLong(3, demand.pids());
            s.setArray(4, c.createArrayOf("integer", ports.toArray()));
            s.setString(5, node);
            s.executeUpdate();
        }
    }

    /** The reservation that takes {@code node} (as read) to {@code after}. */
    public static Reservation between(NodeState node, NodeState after) {
        java.util.List<Integer> ports = after.usedPorts().stream().filter(p -> !node.usedPorts().contains(p)).toList();
        return new Reservation(node.id(), node.version(), after.allocated().minus(node.allocated()), ports);
    }
}
