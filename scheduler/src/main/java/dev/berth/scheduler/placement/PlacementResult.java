package dev.berth.scheduler.placement;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** What the placer decided: a node, or why no node fits. */
public sealed interface PlacementResult {

    /** The chosen node (as read: its version is what the commit checks) and its total score. */
    record Placed(NodeState node, double score) implements PlacementResult {}

    /**
     * No node fits. {@code reasons} has the first filter's reason for every node, by node id; {@link #summary} counts
     * nodes per reason, which is what is worth showing when there are many nodes.
     */
    record PlacementFailure(Map<String, String> reasons) implements PlacementResult {
        public Map<String, Integer> summary() {
            Map<String, Integer> counts = new TreeMap<>();
            reasons.values().forEach(reason -> counts.merge(genericReason(reason), 1, Integer::sum));
            return counts;
        }

        /** The reasons of at most {@code limit} nodes, for storing with a pending replica. */
        public Map<String, String> firstReasons(int limit) {
            Map<String, String> first = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : reasons.entrySet()) {
                if (first.size() == limit) {
                    break;
                }
                first.put(e.getKey(), e.getValue());
            }
            return first;
        }

        public String message() {
            if (reasons.isEmpty()) {
                return "no nodes are registered";
            }
            StringBuilder text = new StringBuilder("0/" + reasons.size() + " nodes fit:");
            summary().forEach((reason, count) -> text.append(' ').append(count).append(" × ").append(reason)
                    .append(';'));
            return text.substring(0, text.length() - 1);
        }

        private static String genericReason(String reason) {
            int colon = reason.indexOf(':');
            int paren = reason.indexOf(" (");
            int cut = colon < 0 ? paren : paren < 0 ? colon : Math.min(colon, paren);
            return cut < 0 ? reason : reason.substring(0, cut);
        }
    }
}
