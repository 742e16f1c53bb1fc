package dev.berth.agent.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Assignments for tests, as the scheduler would send them. */
final class Specs {
    private Specs() {}

    static ReplicaSpec spec(RestartPolicy restart, HealthCheck health) {
        return new ReplicaSpec("busybox", List.of("sleep", "3600"), Map.of("MODE", "test"), 0.25, 64L << 20, 100L,
                List.of(), restart, health);
    }

    static Assignment assignment(long replica, int version) {
        return assignment(replica, version, RestartPolicy.DEFAULT, null);
    }

    static Assignment assignment(long replica, int version, RestartPolicy restart, HealthCheck health) {
        return new Assignment(replica, "acme", "shop", "web", (int) replica % 10, version,
                "acme.shop.web." + (replica % 10), "running", spec(restart, health));
    }

    static RestartPolicy policy(RestartPolicy.Kind kind, int maxRetries) {
        return new RestartPolicy(kind, maxRetries, Duration.ofSeconds(1), Duration.ofSeconds(8));
    }
}
