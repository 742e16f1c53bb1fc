package dev.berth.scheduler.desired;

import dev.berth.scheduler.spec.ServiceSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the API shows of the desired state. */
public final class Views {
    private Views() {}

    public record App(String tenant, String name, Instant createdAt, List<Service> services) {}

    /**
     * @param version the current version
     * @param rollout none, progressing (towards {@code version}), done, rolled-back
     * @param replicas desired count; {@code running} of them are available on nodes, {@code pending} wait for one
     */
    public record Service(String name, int version, ServiceSpec spec, String rollout, @Nullable String rolloutMessage,
                          int replicas, int running, int pending) {}

    public record Version(int version, String reason, Instant createdAt, ServiceSpec spec) {}

    /**
     * A replica as {@code ps} shows it.
     *
     * @param container the id of the container that runs it, as its node last reported (null before that)
     * @param pendingReasons while it has no node: why each node was ruled out (at most 100 nodes)
     * @param pendingSummary while it has no node: how many nodes were ruled out for each reason
     */
    public record Replica(long id, int slot, int specVersion, @Nullable String node, String desired, String status,
                          int restarts, @Nullable String container, Instant updatedAt, @Nullable Map<String, String> pendingReasons,
                          @Nullable Map<String, Integer> pendingSummary, @Nullable String pendingMessage) {}

    /** What a spec change did. */
    public record Change(String app, String service, int version, String reason, String rollout) {}
}
