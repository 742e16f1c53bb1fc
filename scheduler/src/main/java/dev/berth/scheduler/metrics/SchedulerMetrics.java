package dev.berth.scheduler.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records the {@link SchedulerMeters}; the parts of the scheduler report through it. */
public final class SchedulerMetrics {
    private final Counter placed;
    private final Counter unplaceable;
    private final Timer decision;
    private final Counter conflicts;
    private final Timer passes;
    private final Counter moved;
    private final Counter rollbacks;
    private final AtomicInteger leader = new AtomicInteger();

    public SchedulerMetrics(MeterRegistry registry) {
        placed = counter(SchedulerMeters.PLACEMENTS).tag("result", "placed").register(registry);
        unplaceable = counter(SchedulerMeters.PLACEMENTS).tag("result", "unplaceable").register(registry);
        decision = Timer.builder(SchedulerMeters.DECISION.meterName())
                .description(SchedulerMeters.DECISION.description()).register(registry);
        conflicts = counter(SchedulerMeters.CONFLICTS).register(registry);
        passes = Timer.builder(SchedulerMeters.PASSES.meterName()).description(SchedulerMeters.PASSES.description())
                .register(registry);
        moved = counter(SchedulerMeters.MOVED).register(registry);
        rollbacks = counter(SchedulerMeters.ROLLBACKS).register(registry);
        Gauge.builder(SchedulerMeters.LEADER.meterName(), leader, AtomicInteger::get)
                .description(SchedulerMeters.LEADER.description()).register(registry);
    }

    public void decided(boolean wasPlaced, long nanos) {
        (wasPlaced ? placed : unplaceable).increment();
        decision.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void conflict() {
        conflicts.increment();
    }

    public void pass(long nanos) {
        passes.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void moved(int count) {
        moved.increment(count);
    }

    public void rolledBack() {
        rollbacks.increment();
    }

    public void leading(boolean leading) {
        leader.set(leading ? 1 : 0);
    }

    private static Counter.Builder counter(SchedulerMeters meter) {
        return Counter.builder(meter.meterName()).description(meter.description());
    }
}
