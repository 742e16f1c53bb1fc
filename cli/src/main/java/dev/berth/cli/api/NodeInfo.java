package dev.berth.cli.api;

import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/info}: the agent's version, the node's kernel, counts and capacity, where its containers' output
 * is shipped and, when it has joined one, its cluster.
 */
public record NodeInfo(
        @Nullable String version,
        @Nullable String kernel,
        @Nullable String launchMode,
        @Nullable String cgroupVersion,
        @Nullable Integer containers,
        @Nullable Integer running,
        @Nullable Integer images,
        @Nullable Integer cpus,
        @Nullable Long memory,
        @Nullable Logs logs,
        @Nullable Cluster cluster) {

    /** The cluster the node belongs to. @param scheduler the scheduler's address, such as {@code http://10.0.0.2:7740} */
    public record Cluster(@Nullable String scheduler) {}

    /**
     * Where the agent ships its containers' output.
     *
     * @param service log-service's address, or null when the agent keeps its logs to itself
     * @param tenant the tenant its containers' output is filed under unless a container says otherwise
     * @param node the name it gives its own output
     */
    public record Logs(@Nullable String service, @Nullable String tenant, @Nullable String node) {}
}
