package dev.berth.gateway.metrics;

import dev.berth.gateway.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records the {@link GatewayMeters}. Each counter is registered once, at its first use, and kept: several are
 * counted on every request.
 */
public final class GatewayMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void rejected(Problem problem) {
        counter(GatewayMeters.REJECTED, "reason", problem.slug(),
                "requests the gateway answered itself, before any route").increment();
    }

    public void authenticated(boolean registryToken) {
        counter(GatewayMeters.AUTHENTICATED, "kind", registryToken ? "registry-token" : "api-token",
                "requests authenticated").increment();
    }

    public void quotaExceeded(String quota) {
        counter(GatewayMeters.QUOTA_EXCEEDED, "quota", quota, "requests refused for a quota").increment();
    }

    public void readCache(String result) {
        counter(GatewayMeters.READ_CACHE, "result", result, "reads of apps, answered from the read cache or not")
                .increment();
    }

    public void auditLost(String reason, int entries) {
        counter(GatewayMeters.AUDIT_LOST, "reason", reason, "audit entries lost").increment(entries);
    }

    private Counter counter(GatewayMeters meter, String tag, String value, String description) {
        return counters.computeIfAbsent(meter.meterName() + ' ' + tag + '=' + value,
                key -> Counter.builder(meter.meterName()).tag(tag, value).description(description)
                        .register(registry));
    }
}
