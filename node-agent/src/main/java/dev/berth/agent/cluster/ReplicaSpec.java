package dev.berth.agent.cluster;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one replica's container runs, from the scheduler's stored spec: validated once, when the assignment arrives.
 *
 * @param command the command and its arguments; empty runs the image's own
 * @param cpus the cpu limit in cores
 * @param memoryBytes the memory limit
 * @param pids the most processes at once
 * @param ports container ports; those with a host port are published on the node
 * @param health null when the spec has no check
 */
public record ReplicaSpec(String image, List<String> command, Map<String, String> env, @Nullable Double cpus,
                          @Nullable Long memoryBytes, @Nullable Long pids, List<Port> ports, RestartPolicy restart,
                          @Nullable HealthCheck health) {

    /** @param host the node's port, or null for a port that is not published */
    public record Port(int container, @Nullable Integer host, String protocol) {}

    public ReplicaSpec {
        if (image.isBlank()) {
            throw new IllegalArgumentException("spec.image is required");
        }
        command = List.copyOf(command);
        env = Map.copyOf(env);
        ports = List.copyOf(ports);
    }
}
