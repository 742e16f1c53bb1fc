package dev.berth.agent.cluster;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the running replicas that have a health check, each every interval, and keeps each run's verdict. A new run
 * of a container (a restart) starts with no verdict. A changed verdict is announced, so that convergence acts on an
 * unhealthy replica at once.
 */
final class HealthMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

    private final Prober prober;
    private final ScheduledExecutorService timer;
    private final Runnable changed;
    private final Map<Long, Run> runs = new ConcurrentHashMap<>();

    /** One run of one container, and its checks. */
    private record Run(ReplicaContainer container, HealthCheck check, HealthVerdict verdict,
                       ScheduledFuture<?> task) {
        String containerId() {
            return container.id();
        }

        @Nullable Instant startedAt() {
            return container.startedAt();
        }
    }

    HealthMonitor(Prober prober, ScheduledExecutorService timer, Runnable changed) {
        this.prober = prober;
        this.timer = timer;
        this.changed = changed;
    }

    /**
     * Checks this container from now on (if it is not already checked for this run), and stops checking any other
     * run of its replica.
     */
    synchronized void watch(ReplicaContainer container, HealthCheck check) {
        Run run = runs.get(container.replica());
        if (run != null && run.containerId().equals(container.id())
                && Objects.equals(run.startedAt(), container.startedAt()) && run.check().equals(check)) {
            return;
        }
        if (run != null) {
            run.task().cancel(false);
        }
        HealthVerdict verdict = new HealthVerdict(check.retries());
        long interval = check.interval().toMillis();
        ScheduledFuture<?> task = timer.scheduleWithFixedDelay(() -> probe(container, check, verdict), interval,
                interval, TimeUnit.MILLISECONDS);
        runs.put(container.replica(), new Run(container, check, verdict, task));
    }

    /** Stops checking the replica (it no longer runs, or is gone). */
    synchronized void forget(long replica) {
        Run run = runs.remove(replica);
        if (run != null) {
            run.task().cancel(false);
        }
    }

    synchronized Set<Long> watched() {
        return Set.copyOf(runs.keySet());
    }

    /** The verdict of the replica's current run: healthy, unhealthy, or null. */
    @Nullable String verdict(long replica) {
        Run run = runs.get(replica);
        return run == null ? null : run.verdict().verdict();
    }

    @Nullable String output(long replica) {
        Run run = runs.get(replica);
        return run == null ? null : run.verdict().output();
    }

    /** Runs the replica's check now, on the caller's thread (for tests, which do not wait for intervals). */
    void probeNow(long replica) {
        Run run = runs.get(replica);
        if (run != null) {
            probe(run.container(), run.check(), run.verdict());
        }
    }

    private void probe(ReplicaContainer container, HealthCheck check, HealthVerdict verdict) {
        Prober.Result result;
        try {
            result = prober.probe(container, check);
        } catch (RuntimeException e) {
            result = new Prober.Result(false, e.getMessage());
        }
        if (verdict.record(result.passed(), result.output())) {
            log.info("replica {} ({}) is {}: {}", container.replica(), container.name(), verdict.verdict(),
                    result.output());
            changed.run();
        }
    }

    @Override
    public synchronized void close() {
        runs.values().forEach(run -> run.task().cancel(false));
        runs.clear();
    }
}
