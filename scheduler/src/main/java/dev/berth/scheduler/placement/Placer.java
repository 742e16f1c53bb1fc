package dev.berth.scheduler.placement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The placement pipeline: every filter on every node (a node's first rejection is its reason), the weighted scorers
 * on the nodes left, the highest total chosen. Ties go to the node seen first, so a stable node order gives a
 * deterministic result. Stateless and thread-safe: the nodes are passed in.
 */
public final class Placer {
    private final List<Filter> filters;
    private final List<Weighted> scorers;

    /** A scorer with its weight. */
    public record Weighted(Scorer scorer, double weight) {}

    public Placer(List<Filter> filters, List<Weighted> scorers) {
        this.filters = List.copyOf(filters);
        this.scorers = List.copyOf(scorers);
    }

    /**
     * The standard pipeline for a strategy. {@code binpack}: fill nodes before using new ones; {@code spread}: least
     * allocated nodes first and the service spread over nodes. Either way a spec's {@code placement.spread} label
     * outweighs the resource score, and image locality breaks near-ties.
     */
    public static Placer standard(Strategy strategy) {
        List<Weighted> scorers = new ArrayList<>();
        if (strategy == Strategy.BINPACK) {
            scorers.add(new Weighted(new Scorers.BinPack(), 1));
            scorers.add(new Weighted(new Scorers.Spread(""), 10));
        } else {
            scorers.add(new Weighted(new Scorers.LeastAllocated(), 1));
            scorers.add(new Weighted(new Scorers.Spread("node.id"), 10));
        }
        scorers.add(new Weighted(new Scorers.ImageLocality(), 0.1));
        return new Placer(Filters.standard(), scorers);
    }

    /** How replicas are laid out over nodes. */
    public enum Strategy { BINPACK, SPREAD }

    public PlacementResult place(Collection<NodeState> nodes, PlacementRequest request) {
        List<Scorer.Scoring> scorings = new ArrayList<>(scorers.size());
        for (Weighted weighted : scorers) {
            scorings.add(weighted.scorer().prepare(request, nodes));
        }
        NodeState best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        Map<String, String> reasons = null;
        for (NodeState node : nodes) {
            String reason = null;
            for (Filter filter : filters) {
                reason = filter.reject(node, request);
                if (reason != null) {
                    break;
                }
            }
            if (reason != null) {
                if (best == null) {
                    // Reasons matter only while nothing fits; kept until a node does.
                    if (reasons == null) {
                        reasons = new LinkedHashMap<>();
                    }
                    reasons.put(node.id(), reason);
                }
                continue;
            }
            double score = 0;
            for (int i = 0; i < scorings.size(); i++) {
                score += scorers.get(i).weight() * scorings.get(i).score(node);
            }
            if (score > bestScore) {
                best = node;
                bestScore = score;
            }
        }
        if (best != null) {
            return new PlacementResult.Placed(best, bestScore);
        }
        return new PlacementResult.PlacementFailure(reasons == null ? Map.of() : reasons);
    }
}
