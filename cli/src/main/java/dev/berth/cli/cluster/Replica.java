package dev.berth.cli.cluster;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET …/services/{service}/ps}: one replica of a service, in its slot.
 *
 * @param node null while it waits for one; then {@code pendingSummary} counts the nodes ruled out per reason and
 *     {@code pendingReasons} gives each node's reason (the first 100 nodes)
 * @param status pending, assigned, or what the node's agent last reported (starting, running, exited, failed, ...)
 * @param container the id of the container that runs it, as its node last reported; null before that
 */
public record Replica(long id, int slot, int specVersion, @Nullable String node, @Nullable String desired,
                      @Nullable String status, int restarts, @Nullable String container, @Nullable Instant updatedAt,
                      @Nullable Map<String, String> pendingReasons, @Nullable Map<String, Integer> pendingSummary,
                      @Nullable String pendingMessage) {}
