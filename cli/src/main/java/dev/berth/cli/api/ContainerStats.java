package dev.berth.cli.api;

import org.jspecify.annotations.Nullable;

/**
 * One resource sample of a running container, as {@code GET /v1/containers/{ref}/stats} measures it. {@code network}
 * is null for a container on {@code none} or {@code host}, which has no interface of its own to count.
 */
public record ContainerStats(
        String id,
        @Nullable String name,
        @Nullable Double cpuPercent,
        @Nullable Long cpuNanos,
        @Nullable Long memoryUsage,
        @Nullable Long memoryLimit,
        @Nullable Long pids,
        @Nullable Long pidsLimit,
        @Nullable NetworkCounters network) {
}
