package dev.berth.registry.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Records the {@link RegistryMeters}; the parts of the registry report through it. */
public final class RegistryMetrics {
    private final MeterRegistry registry;
    private final Counter bytesReceived;
    private final Counter bytesSent;
    private final Counter gcBytes;
    private final Timer gcRuns;

    public RegistryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bytesReceived = counter(RegistryMeters.BYTES_RECEIVED).baseUnit("bytes").register(registry);
        this.bytesSent = counter(RegistryMeters.BYTES_SENT).baseUnit("bytes").register(registry);
        this.gcBytes = counter(RegistryMeters.GC_REMOVED_BYTES).baseUnit("bytes").register(registry);
        this.gcRuns = Timer.builder(RegistryMeters.GC_RUNS.meterName())
                .description(RegistryMeters.GC_RUNS.description()).register(registry);
    }

    public void pushed(String kind) {
        counter(RegistryMeters.PUSHES).tag("kind", kind).register(registry).increment();
    }

    public void pulled(String kind) {
        counter(RegistryMeters.PULLS).tag("kind", kind).register(registry).increment();
    }

    public void received(long bytes) {
        bytesReceived.increment(bytes);
    }

    public void sent(long bytes) {
        bytesSent.increment(bytes);
    }

    public void refused(String code) {
        counter(RegistryMeters.REFUSALS).tag("code", code).register(registry).increment();
    }

    public void collected(Duration took, long blobs, long uploads, long orphans, long bytes) {
        gcRuns.record(took);
        counter(RegistryMeters.GC_REMOVED).tag("what", "blobs").register(registry).increment(blobs);
        counter(RegistryMeters.GC_REMOVED).tag("what", "uploads").register(registry).increment(uploads);
        counter(RegistryMeters.GC_REMOVED).tag("what", "orphans").register(registry).increment(orphans);
        gcBytes.increment(bytes);
    }

    private static Counter.Builder counter(RegistryMeters meter) {
        return Counter.builder(meter.meterName()).description(meter.description());
    }
}
