package dev.berth.scheduler.placement;

import java.util.Collection;

/**
 * Ranks the nodes that passed the filters. Scores are between 0 and 1, higher preferred; the placer adds them up
 * with each scorer's weight. A scorer sees the request once ({@link #prepare}) so that per-request work (counting a
 * service's replicas per zone) is not repeated for every node.
 */
public interface Scorer {
    Scoring prepare(PlacementRequest request, Collection<NodeState> nodes);

    /** A scorer's view of one request. */
    @FunctionalInterface
    interface Scoring {
        double score(NodeState node);
    }
}
