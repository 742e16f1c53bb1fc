package dev.berth.scheduler.config;

import dev.berth.scheduler.leader.LeaderElection;
import dev.berth.scheduler.leader.LostLeadershipException;
import dev.berth.scheduler.reconcile.Reconciler;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a reconciliation pass every interval while this replica leads; the others only serve the API. */
final class ReconcileLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReconcileLoop.class);
    private final ScheduledExecutorService timer;

    ReconcileLoop(Reconciler reconciler, LeaderElection leader, Duration interval) {
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("berth-reconcile").daemon()
                .factory());
        timer.scheduleWithFixedDelay(() -> {
            if (!leader.isLeader()) {
                return;
            }
            try {
                reconciler.pass();
            } catch (LostLeadershipException e) {
                log.warn("pass abandoned: {}", e.getMessage());
            } catch (RuntimeException e) {
                // The next pass starts again from what PostgreSQL holds.
                log.warn("reconciliation pass failed: {}", e.getMessage(), e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
