package dev.berth.gateway.metrics;

import dev.berth.gateway.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Records the {@link GatewayMeters}. */
public final class GatewayMetrics {
    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void rejected(Problem problem) {
        Counter.builder(GatewayMeters.REJECTED.meterName()).tag("reason", problem.slug())
                .description("requests the gateway answered itself, before any route").register(registry)
                .increment();
    }

    public void authenticated(boolean registryToken) {
        Counter.builder(GatewayMeters.AUTHENTICATED.meterName())
                .tag("kind", registryToken ? "registry-token" : "api-token")
                .description("requests authenticated").register(registry).increment();
    }

    public void quotaExceeded(String quota) {
        Counter.builder(GatewayMeters.QUOTA_EXCEEDED.meterName()).tag("quota", quota)
                .description("requests refused for a quota").register(registry).increment();
    }

    public void readCache(String result) {
        Counter.builder(GatewayMeters.READ_CACHE.meterName()).tag("result", result)
                .description("reads of apps, answered from the read cache or not").register(registry).increment();
    }

    public void auditLost(String reason, int entries) {
        Counter.builder(GatewayMeters.AUDIT_LOST.meterName()).tag("reason", reason)
                .description("audit entries lost").register(registry).increment(entries);
    }
}
