package dev.berth.agent.cluster;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a replica is checked: a command run inside it ({@code exec}, healthy on exit 0) or an HTTP GET of its own
 * address on its bridge ({@code httpPort}, {@code httpPath}; healthy on 2xx or 3xx), every {@code interval}, each
 * given {@code timeout}; {@code retries} failures in a row make it unhealthy.
 */
public record HealthCheck(@Nullable List<String> exec, @Nullable Integer httpPort, String httpPath, Duration interval,
                          Duration timeout, int retries) {

    public HealthCheck {
        exec = exec == null ? null : List.copyOf(exec);
        if ((exec == null) == (httpPort == null)) {
            throw new IllegalArgumentException("a health check needs exactly one of exec and http");
        }
        if (exec != null && exec.isEmpty()) {
            throw new IllegalArgumentException("health.exec must name a command");
        }
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("health interval and timeout must be positive");
        }
        if (retries < 1) {
            throw new IllegalArgumentException("health.retries must be 1 or more, not " + retries);
        }
    }
}
