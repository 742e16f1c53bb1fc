package dev.berth.gateway.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes audit entries older than the retention ({@code berth.gateway.audit-retention}), an hour after the start and
 * every hour from then on; a retention of zero keeps them all. Every gateway instance sweeps; the deletes are the same.
 */
public final class AuditRetention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);
    private static final Duration EVERY = Duration.ofHours(1);

    private final AuditStore store;
    private final Duration retention;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable ->
            Thread.ofPlatform().name("berth-audit-retention").daemon().unstarted(runnable));

    public AuditRetention(AuditStore store, Duration retention, Clock clock) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("berth.gateway.audit-retention must be 0 (keep all) or more, not "
                    + retention);
        }
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    /** Sweeps on a timer from now on. */
    public AuditRetention start() {
        if (!retention.isZero()) {
            timer.scheduleWithFixedDelay(this::sweepQuietly, EVERY.toMinutes(), EVERY.toMinutes(), TimeUnit.MINUTES);
        }
        return this;
    }

    /** Deletes what is older than the retention now; how many entries went. */
    public int sweep() {
        return retention.isZero() ? 0 : store.deleteBefore(clock.instant().minus(retention));
    }

    private void sweepQuietly() {
        try {
            int deleted = sweep();
            if (deleted > 0) {
                log.info("deleted {} audit entries older than {}", deleted, retention);
            }
        } catch (RuntimeException e) {
            log.warn("the audit retention sweep failed; it runs again in {}: {}", EVERY, e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
