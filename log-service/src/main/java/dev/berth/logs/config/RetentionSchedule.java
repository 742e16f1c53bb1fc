package dev.berth.logs.config;

import dev.berth.logs.retention.Retention;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs retention (and makes the coming days' partitions) at start-up and every {@code berth.logs.retention.interval}. */
final class RetentionSchedule implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

    private final ScheduledExecutorService timer;

    RetentionSchedule(Retention retention, Duration interval) {
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("berth-retention").daemon()
                .factory());
        if (interval.isZero() || interval.isNegative()) {
            log.info("scheduled retention is off (berth.logs.retention.interval={})", interval);
            return;
        }
        timer.scheduleWithFixedDelay(() -> {
            try {
                retention.run();
            } catch (RuntimeException e) {
                // The next run tries again; a failed one leaves everything as it was.
                log.warn("scheduled retention failed: {}", e.getMessage(), e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
