package dev.berth.scheduler.placement;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A node as placement sees it: what it has, what is already reserved on it, and the version those reservations were
 * read at. Immutable; {@link #with} gives the node as it would be with one more replica.
 *
 * @param portMin the lowest host port the node lets containers publish
 * @param portMax the highest
 * @param images images the node reported holding (for image locality)
 * @param version the version of the node's row this state was read at; a commit must find it unchanged
 */
public record NodeState(String id, Map<String, String> labels, Resources capacity, Resources allocated,
                        Set<Integer> usedPorts, int portMin, int portMax, Set<String> images, boolean up,
                        boolean draining, long version) {

    /** The value of {@code node.id} or {@code node.labels.KEY} on this node, or null if it has no such label. */
    public @Nullable String attribute(String attribute) {
        if (attribute.equals("node.id")) {
            return id;
        }
        return attribute.startsWith("node.labels.") ? labels.get(attribute.substring("node.labels.".length())) : null;
    }

    public Resources free() {
        return capacity.minus(allocated);
    }

    /** This node with {@code demand} and {@code ports} reserved too (same version: it is not committed yet). */
    public NodeState with(Resources demand, List<Integer> ports) {
        Set<Integer> used = usedPorts;
        if (!ports.isEmpty()) {
            used = new HashSet<>(usedPorts);
            used.addAll(ports);
        }
        return new NodeState(id, labels, capacity, allocated.plus(demand), used, portMin, portMax, images, up,
                draining, version);
    }

    /** This node with {@code demand} and {@code ports} given back. */
    public NodeState without(Resources demand, List<Integer> ports) {
        Set<Integer> used = usedPorts;
        if (!ports.isEmpty()) {
            used = new HashSet<>(usedPorts);
            ports.forEach(used::remove);
        }
        return new NodeState(id, labels, capacity, allocated.minus(demand), used, portMin, portMax, images, up,
                draining, version);
    }
}
