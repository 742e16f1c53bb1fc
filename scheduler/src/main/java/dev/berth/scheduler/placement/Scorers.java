package dev.berth.scheduler.placement;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The scorers of the placement pipeline. */
public final class Scorers {
    private Scorers() {}

    /**
     * Prefers the fullest node that still fits (cpu and memory after placement, averaged), so that replicas pack onto
     * few nodes and whole nodes stay free for large replicas.
     */
    public static final class BinPack implements Scorer {
        @Override
        public Scoring prepare(PlacementRequest request, Collection<NodeState> nodes) {
            return node -> utilisation(node, request.demand());
        }
    }

    /** The opposite of {@link BinPack}: prefers the emptiest node, for spreading load. */
    public static final class LeastAllocated implements Scorer {
        @Override
        public Scoring prepare(PlacementRequest request, Collection<NodeState> nodes) {
            return node -> 1 - utilisation(node, request.demand());
        }
    }

    static double utilisation(NodeState node, Resources demand) {
        double cpu = node.capacity().cpuMilli() == 0 ? 1
                : (double) (node.allocated().cpuMilli() + demand.cpuMilli()) / node.capacity().cpuMilli();
        double memory = node.capacity().memoryBytes() == 0 ? 1
                : (double) (node.allocated().memoryBytes() + demand.memoryBytes()) / node.capacity().memoryBytes();
        return Math.min(1, (cpu + memory) / 2);
    }

    /**
     * Spreads a service's replicas evenly over the values of an attribute ({@code node.id}, or a label such as
     * {@code node.labels.zone}): a node scores higher the fewer of the service's replicas its value already holds.
     * Nodes without the label count as one more value of their own.
     */
    public static final class Spread implements Scorer {
        private final String defaultAttribute;

        /** @param defaultAttribute the attribute spread over when the request names none (null: only when named) */
        public Spread(String defaultAttribute) {
            this.defaultAttribute = defaultAttribute;
        }

        @Override
        public Scoring prepare(PlacementRequest request, Collection<NodeState> nodes) {
            String attribute = request.spread() != null ? request.spread() : defaultAttribute;
            if (attribute.isEmpty()) {
                return node -> 0;
            }
            if (attribute.equals("node.id")) {
                Map<String, Integer> counts = request.serviceReplicasByNode();
                return node -> 1.0 / (1 + counts.getOrDefault(node.id(), 0));
            }
            // Replicas per value: only the nodes that hold replicas of the service are looked at.
            Map<String, NodeState> byId = new HashMap<>();
            if (!request.serviceReplicasByNode().isEmpty()) {
                for (NodeState node : nodes) {
                    if (request.serviceReplicasByNode().containsKey(node.id())) {
                        byId.put(node.id(), node);
                    }
                }
            }
            Map<String, Integer> perValue = new HashMap<>();
            request.serviceReplicasByNode().forEach((nodeId, count) -> {
                NodeState holder = byId.get(nodeId);
                String value = holder == null ? null : holder.attribute(attribute);
                perValue.merge(value == null ? "" : value, count, Integer::sum);
            });
            return node -> {
                String value = node.attribute(attribute);
                return 1.0 / (1 + perValue.getOrDefault(value == null ? "" : value, 0));
            };
        }
    }

    /** Prefers nodes that already hold the image: no pull before the container starts. */
    public static final class ImageLocality implements Scorer {
        @Override
        public Scoring prepare(PlacementRequest request, Collection<NodeState> nodes) {
            return node -> node.images().contains(request.image()) ? 1 : 0;
        }
    }
}
