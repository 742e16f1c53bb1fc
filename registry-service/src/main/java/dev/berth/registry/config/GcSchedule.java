package dev.berth.registry.config;

import dev.berth.registry.gc.GarbageCollector;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs garbage collection every {@code berth.registry.gc.interval}, first one interval after start-up. */
final class GcSchedule implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GcSchedule.class);

    private final ScheduledExecutorService timer;

    GcSchedule(GarbageCollector collector, Duration interval) {
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("berth-gc").daemon()
                .factory());
        if (interval.isZero() || interval.isNegative()) {
            log.info("scheduled garbage collection is off (berth.registry.gc.interval={})", interval);
            return;
        }
        timer.scheduleWithFixedDelay(() -> {
            try {
                collector.collect();
            } catch (RuntimeException e) {
                // The next run tries again; a failed one leaves everything as it was.
                log.warn("scheduled garbage collection failed: {}", e.getMessage(), e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
