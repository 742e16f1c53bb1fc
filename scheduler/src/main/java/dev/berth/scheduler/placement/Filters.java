package dev.berth.scheduler.placement;

import dev.berth.scheduler.spec.Constraint;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The filters of the placement pipeline, in the order they run (cheap and common rejections first). */
public final class Filters {
    private Filters() {}

    /** All of them, in order. */
    public static List<Filter> standard() {
        return List.of(new NodeUp(), new NotDraining(), new ResourcesFit(), new PortsFree(), new Constraints());
    }

    /** A node that missed its heartbeats is out. */
    public static final class NodeUp implements Filter {
        @Override
        public @Nullable String reject(NodeState node, PlacementRequest request) {
            return node.up() ? null : "node is down";
        }
    }

    /** A draining node takes nothing new. */
    public static final class NotDraining implements Filter {
        @Override
        public @Nullable String reject(NodeState node, PlacementRequest request) {
            return node.draining() ? "node is draining" : null;
        }
    }

    /** The requests must fit what is left of cpu, memory and pids. */
    public static final class ResourcesFit implements Filter {
        @Override
        public @Nullable String reject(NodeState node, PlacementRequest request) {
            Resources free = node.free();
            Resources demand = request.demand();
            if (demand.memoryBytes() > free.memoryBytes()) {
                return "insufficient memory: " + demand.memoryBytes() + " bytes requested, " + free.memoryBytes()
                        + " of " + node.capacity().memoryBytes() + " free";
            }
            if (demand.cpuMilli() > free.cpuMilli()) {
                return "insufficient cpu: " + demand.cpuMilli() + "m requested, " + free.cpuMilli() + "m of "
                        + node.capacity().cpuMilli() + "m free";
            }
            if (demand.pids() > free.pids()) {
                return "insufficient pids: " + demand.pids() + " requested, " + free.pids() + " of "
                        + node.capacity().pids() + " free";
            }
            return null;
        }
    }

    /** Host ports must be in the node's range and not taken. */
    public static final class PortsFree implements Filter {
        @Override
        public @Nullable String reject(NodeState node, PlacementRequest request) {
            for (int port : request.hostPorts()) {
                if (port < node.portMin() || port > node.portMax()) {
                    return "host port " + port + " is outside the node's range " + node.portMin() + "-"
                            + node.portMax();
                }
                if (node.usedPorts().contains(port)) {
                    return "host port " + port + " is taken";
                }
            }
            return null;
        }
    }

    /** {@code node.labels.KEY == VALUE} and {@code !=}. A node without the label does not equal any value. */
    public static final class Constraints implements Filter {
        @Override
        public @Nullable String reject(NodeState node, PlacementRequest request) {
            for (Constraint constraint : request.constraints()) {
                String value = node.attribute(constraint.attribute());
                boolean equal = constraint.value().equals(value);
                if (equal != constraint.equal()) {
                    return "constraint " + constraint + " not met (" + constraint.attribute() + " is "
                            + (value == null ? "not set" : "'" + value + "'") + ")";
                }
            }
            return null;
        }
    }
}
