package dev.berth.logs.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Records the {@link LogMeters}; the parts of the service report through it. */
public final class LogMetrics {
    private final MeterRegistry registry;
    private final Counter bytes;
    private final Counter records;
    private final Counter duplicate;
    private final Counter gaps;
    private final Timer batches;
    private final Counter dropped;
    private final AtomicLong newestArrivalNs = new AtomicLong();
    private final AtomicInteger followers = new AtomicInteger();

    public LogMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bytes = counter(LogMeters.INGEST_BYTES).baseUnit("bytes").register(registry);
        this.records = counter(LogMeters.INGEST_RECORDS).register(registry);
        this.duplicate = counter(LogMeters.DUPLICATE_BYTES).baseUnit("bytes").register(registry);
        this.gaps = counter(LogMeters.GAPS).register(registry);
        this.dropped = counter(LogMeters.PARTITIONS_DROPPED).register(registry);
        this.batches = Timer.builder(LogMeters.INGEST_BATCHES.meterName())
                .description(LogMeters.INGEST_BATCHES.description()).register(registry);
        Gauge.builder(LogMeters.INGEST_LAG.meterName(), newestArrivalNs, newest -> newest.get() == 0 ? 0
                        : (System.currentTimeMillis() * 1_000_000L - newest.get()) / 1e9)
                .description(LogMeters.INGEST_LAG.description()).baseUnit("seconds").register(registry);
        Gauge.builder(LogMeters.FOLLOWERS.meterName(), followers, AtomicInteger::get)
                .description(LogMeters.FOLLOWERS.description()).register(registry);
    }

    /** A batch was committed. */
    public void ingested(long storedBytes, long recordCount, long duplicateBytes, long gapCount, long newestNs) {
        bytes.increment(storedBytes);
        records.increment(recordCount);
        duplicate.increment(duplicateBytes);
        gaps.increment(gapCount);
        newestArrivalNs.accumulateAndGet(newestNs, Math::max);
    }

    public void batch(Duration took) {
        batches.record(took);
    }

    public void refused(String problem) {
        counter(LogMeters.INGEST_REFUSED).tag("problem", problem).register(registry).increment();
    }

    public void queried(boolean follow, Duration took) {
        Timer.builder(LogMeters.QUERIES.meterName()).description(LogMeters.QUERIES.description())
                .tag("follow", Boolean.toString(follow)).register(registry).record(took);
    }

    public void followerOpened() {
        followers.incrementAndGet();
    }

    public void followerClosed() {
        followers.decrementAndGet();
    }

    public void partitionsDropped(int count) {
        dropped.increment(count);
    }

    private static Counter.Builder counter(LogMeters meter) {
        return Counter.builder(meter.meterName()).description(meter.description());
    }
}
