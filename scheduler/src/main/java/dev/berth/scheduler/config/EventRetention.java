package dev.berth.scheduler.config;

import dev.berth.scheduler.events.EventLog;
import dev.berth.scheduler.leader.LeaderElection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the events table bounded: while this replica leads, every {@code every}, events older than the retention go. */
final class EventRetention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventRetention.class);
    private final ScheduledExecutorService timer;

    EventRetention(EventLog events, LeaderElection leader, Duration retention, Duration every) {
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("berth-event-retention")
                .daemon().factory());
        timer.scheduleWithFixedDelay(() -> {
            if (!leader.isLeader()) {
                return;
            }
            try {
                int deleted = events.trim(retention);
                if (deleted > 0) {
                    log.info("deleted {} events older than {}", deleted, retention);
                }
            } catch (RuntimeException e) {
                log.warn("trimming events failed: {}", e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
