package dev.berth.cli.cluster;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/nodes}: a node as the scheduler knows it.
 *
 * @param state up or down (silent for longer than the scheduler's grace)
 * @param draining whether its replicas are being moved off and nothing new is placed on it
 * @param replicas how many replicas are placed on it
 */
public record ClusterNode(String id, @Nullable String address, @Nullable Map<String, String> labels,
                          @Nullable Resources capacity, @Nullable Resources allocated, @Nullable String state,
                          boolean draining, @Nullable Instant lastHeartbeat, int replicas) {

    /** Amounts of cpu (millicores), memory (bytes) and process ids. */
    public record Resources(long cpuMilli, long memoryBytes, long pids) {}

    public String availability() {
        return draining ? "drain" : "active";
    }
}
