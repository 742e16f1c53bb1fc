package dev.berth.scheduler.spec;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A service's desired container, as the API takes it and as each version is stored. As submitted, any part may be
 * missing; {@link SpecValidator#validate} fills the defaults and writes quantities in one form (cpu in millicores
 * such as {@code "250m"}, memory in bytes such as {@code "268435456"}, durations in milliseconds such as
 * {@code "10000ms"}), which is what the agents receive.
 *
 * @param image an image reference: {@code [registry[:port]/]name[:tag][@algorithm:hex]}
 * @param command the command and its arguments; empty runs the image's own
 * @param env environment variables
 * @param replicas how many containers, 0 or more
 * @param resources cpu and memory requests (what placement reserves) and limits (what the agent enforces), pids
 * @param ports container ports, each optionally published on a host port (host ports are placement constraints)
 * @param restart what the agent does when the container exits
 * @param health how the agent checks the container; none means "running" is healthy
 * @param placement label constraints and the label to spread replicas over
 * @param update how a new version replaces the replicas
 */
public record ServiceSpec(@Nullable String image,
                          @Nullable List<String> command,
                          @Nullable Map<String, String> env,
                          @Nullable Integer replicas,
                          @Nullable Resources resources,
                          @Nullable List<Port> ports,
                          @Nullable Restart restart,
                          @Nullable Health health,
                          @Nullable Placement placement,
                          @Nullable Update update) {

    /** A quantity asked for (reserved by placement) and its ceiling (enforced on the node). */
    public record Range(@Nullable String request, @Nullable String limit) {}

    /** @param cpu cores ({@code 0.5}, {@code "2"}) or millicores ({@code "250m"}) @param memory bytes, or with a
     *  unit: {@code 256Mi}, {@code 1G}, ... @param pids the most processes the container may run */
    public record Resources(@Nullable Range cpu, @Nullable Range memory, @Nullable Long pids) {}

    /** @param container the port inside the container @param host the node's port it is published on, if any */
    public record Port(@Nullable Integer container, @Nullable Integer host, @Nullable String protocol) {}

    /** @param policy always, on-failure or never @param maxRetries on-failure's limit (0: no limit) */
    public record Restart(@Nullable String policy, @Nullable Integer maxRetries, @Nullable String backoff,
                          @Nullable String maxBackoff) {}

    /** Exactly one of {@code exec} and {@code http}. */
    public record Health(@Nullable List<String> exec, @Nullable HttpCheck http, @Nullable String interval,
                         @Nullable String timeout, @Nullable Integer retries) {}

    public record HttpCheck(@Nullable Integer port, @Nullable String path) {}

    /** @param constraints {@code node.labels.KEY == VALUE}, {@code node.labels.KEY != VALUE}, {@code node.id == ID}
     *  @param spread {@code node.labels.KEY} or {@code node.id}: replicas spread evenly over its values */
    public record Placement(@Nullable List<String> constraints, @Nullable String spread) {}

    /** @param maxUnavailable replicas that may be down at once during a rollout or a drain
     *  @param maxSurge replicas that may run above {@code replicas} during a rollout or a drain */
    public record Update(@Nullable Integer maxUnavailable, @Nullable Integer maxSurge) {}

    /** This spec with another replica count; for scaling, which changes nothing the containers run. */
    public ServiceSpec withReplicas(int count) {
        return new ServiceSpec(image, command, env, count, resources, ports, restart, health, placement, update);
    }

    /** This spec with another image; for a deploy. */
    public ServiceSpec withImage(String reference) {
        return new ServiceSpec(reference, command, env, replicas, resources, ports, restart, health, placement, update);
    }

    /** The parts of a validated spec that the containers run: equal templates need no container replaced. */
    public ServiceSpec template() {
        return new ServiceSpec(image, command, env, null, resources, ports, restart, health, placement, null);
    }
}
