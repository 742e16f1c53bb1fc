package dev.berth.scheduler.placement;

import org.jspecify.annotations.Nullable;

/** Rules nodes out. A node a filter rejects gets the filter's reason, which is shown for a pending replica. */
public interface Filter {
    /** Why {@code node} cannot take the replica, or null if it can as far as this filter goes. */
    @Nullable String reject(NodeState node, PlacementRequest request);
}
