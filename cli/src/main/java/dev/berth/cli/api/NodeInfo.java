package dev.berth.cli.api;

import org.jspecify.annotations.Nullable;

/** {@code GET /v1/info}: the agent's version and the node's kernel, counts and capacity. */
public record NodeInfo(
        @Nullable String version,
        @Nullable String kernel,
        @Nullable String launchMode,
        @Nullable String cgroupVersion,
        @Nullable Integer containers,
        @Nullable Integer running,
        @Nullable Integer images,
        @Nullable Integer cpus,
        @Nullable Long memory) {
}
