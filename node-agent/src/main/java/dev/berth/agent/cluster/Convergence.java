package dev.berth.agent.cluster;

import dev.berth.agent.metrics.AgentMeters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's replica containers converged to its assignments. One loop thread decides ({@link ConvergencePlan})
 * on each pass: when the assignments change, a container exits, a verdict changes, and at least every
 * {@link #TICK}, for restarts coming due. The actions run on workers, one at a time per replica, so that a slow pull
 * or a stop's grace period delays only its own replica.
 *
 * <p>It also knows, per replica, what the heartbeat reports: the state, the health verdict, the restarts, the last
 * exit code, and a message (an error, or when the next restart is due). {@link ReplicaActions} carries the actions
 * out; {@link Standings} keeps each replica's restart history and what to say about it.
 */
public final class Convergence implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Convergence.class);
    static final Duration TICK = Duration.ofMillis(500);

    private final NodeContainers containers;
    private final Executor workers;
    private final Clock clock;
    private final DesiredState desired = new DesiredState();
    private final Standings standings = new Standings(() -> this.health);
    private final ReplicaActions actions;
    private final Set<Long> busy = ConcurrentHashMap.newKeySet();
    private final Set<Long> unknown = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean closed;
    private volatile @Nullable Thread loop;
    private volatile @Nullable HealthMonitor health;

    /**
     * One container's line of the heartbeat; {@code oom} whether its last exit was an OOM kill (null: no exit),
     * {@code container} the id of the container that runs the replica (null while there is none).
     */
    public record Report(long replica, String state, @Nullable String health, int restarts,
                         @Nullable Integer exitCode, @Nullable String message, @Nullable Boolean oom,
                         @Nullable String container) {}

    public Convergence(NodeContainers containers, Executor workers, Clock clock, Duration stopTimeout,
                       MeterRegistry meters) {
        this.containers = containers;
        this.workers = workers;
        this.clock = clock;
        this.actions = new ReplicaActions(containers, standings, () -> this.health, clock, stopTimeout, meters);
        Gauge.builder(AgentMeters.CLUSTER_ASSIGNED.meterName(), desired, d -> d.assignments().size())
                .description(AgentMeters.CLUSTER_ASSIGNED.description()).register(meters);
    }

    /** Checks the health of replicas whose spec asks for it, with {@code prober}, on {@code timer}'s threads. */
    public void healthChecks(Prober prober, ScheduledExecutorService timer) {
        this.health = new HealthMonitor(prober, timer, this::wake);
    }

    /** Keeps restart counts in {@code file}, so that they outlive the agent. */
    public void restartCounts(Path file) {
        standings.keepCounts(new RestartLedger(file));
    }

    void healthChecks(HealthMonitor monitor) {
        this.health = monitor;
    }

    /** Starts the loop thread. */
    public void start() {
        loop = Thread.ofPlatform().name("berth-cluster-converge").daemon().start(this::run);
    }

    /** Applies a stream event; the loop acts on it at once. */
    public void apply(WatchEvent event) {
        if (desired.apply(event)) {
            wake();
        }
    }

    /** The revision of the last event applied. */
    public long revision() {
        return desired.revision();
    }

    /** Replicas the scheduler says are not this node's: their containers go. */
    public void unknown(Collection<Long> replicas) {
        if (!replicas.isEmpty()) {
            desired.forget(replicas);
            unknown.addAll(replicas);
            wake();
        }
    }

    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (!closed) {
            try {
                pass();
            } catch (RuntimeException e) {
                log.error("a convergence pass failed", e);
            }
            synchronized (signal) {
                if (!woken && !closed) {
                    try {
                        signal.wait(nextWait());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    /** Until the next pass: the tick, or sooner when a restart comes due before it. */
    long nextWait() {
        Instant now = clock.instant();
        long wait = TICK.toMillis();
        for (ReplicaStanding standing : standings.all()) {
            Instant due = standing.restarts.due();
            // One already due is being acted on (or will be at the next pass): it must not make the loop spin.
            if (due != null && due.isAfter(now)) {
                wait = Math.min(wait, Duration.between(now, due).toMillis() + 1);
            }
        }
        return wait;
    }

    /** One pass: observe, decide, hand the actions to the workers. */
    void pass() {
        Instant now = clock.instant();
        Map<Long, Assignment> want = desired.assignments();
        List<ReplicaContainer> observed = containers.replicas();
        for (Assignment assignment : want.values()) {
            standings.of(assignment).restarts.policy(assignment.spec().restart());
        }
        observeExits(want, observed, now);
        watchHealth(want, observed);
        Set<Long> gone = new HashSet<>(unknown);
        List<ConvergencePlan.Action> decided = ConvergencePlan.decide(want, desired.seeded(), observed, gone,
                standings, now);
        for (ConvergencePlan.Action action : decided) {
            if (busy.add(action.replica())) {
                workers.execute(() -> {
                    try {
                        actions.perform(action);
                    } finally {
                        busy.remove(action.replica());
                        wake();
                    }
                });
            }
        }
        // Unknown replicas are acted on once: afterwards only the stream says what the node runs.
        Set<Long> stillObserved = new HashSet<>();
        observed.forEach(c -> stillObserved.add(c.replica()));
        unknown.removeIf(replica -> !stillObserved.contains(replica));
        Set<Long> known = new HashSet<>(want.keySet());
        known.addAll(stillObserved);
        known.addAll(busy);
        standings.retain(known, desired.seeded());
    }

    /** New exits of assigned replicas go to their restart policy. */
    private void observeExits(Map<Long, Assignment> want, List<ReplicaContainer> observed, Instant now) {
        for (ReplicaContainer container : observed) {
            Assignment assignment = want.get(container.replica());
            if (assignment == null || !container.exited() || container.specVersion() != assignment.specVersion()
                    || busy.contains(container.replica()) || container.finishedAt() == null) {
                continue;
            }
            ReplicaStanding standing = standings.of(assignment);
            if (Objects.equals(standing.lastExitSeen, container.finishedAt())) {
                continue;
            }
            standing.lastExitSeen = container.finishedAt();
            int exitCode = container.exitCode() == null ? 255 : container.exitCode();
            standing.lastExitCode = exitCode;
            standing.lastOom = container.oomKilled();
            Duration ran = container.startedAt() == null ? Duration.ZERO
                    : Duration.between(container.startedAt(), container.finishedAt());
            RestartTracker.Outcome outcome = standing.restarts.exited(exitCode, ran, now);
            String why = container.error() != null ? container.error() : container.oomKilled()
                    ? "killed by the kernel's OOM killer (exit " + exitCode + ")" : "exited with " + exitCode;
            standing.message = switch (outcome) {
                case RESTART -> why + "; restarting at " + standing.restarts.due();
                case GIVE_UP -> why + "; the restart policy gave up after " + standing.restarts.restarts()
                        + " restarts";
                case STAY_EXITED -> container.error();
            };
            log.info("replica {} ({}) {}: {}", container.replica(), container.name(), why, outcome);
        }
    }

    private void watchHealth(Map<Long, Assignment> want, List<ReplicaContainer> observed) {
        HealthMonitor monitor = health;
        if (monitor == null) {
            return;
        }
        Set<Long> checked = new HashSet<>();
        for (ReplicaContainer container : observed) {
            Assignment assignment = want.get(container.replica());
            if (assignment != null && container.running() && assignment.spec().health() != null
                    && container.specVersion() == assignment.specVersion()) {
                monitor.watch(container, assignment.spec().health());
                checked.add(container.replica());
            }
        }
        for (Long replica : monitor.watched()) {
            if (!checked.contains(replica)) {
                monitor.forget(replica);
            }
        }
    }

    /** Every replica container's state, and assigned replicas still without one, for the heartbeat. */
    public List<Report> report() {
        Map<Long, Assignment> want = desired.assignments();
        Map<Long, ReplicaContainer> current = new LinkedHashMap<>();
        for (ReplicaContainer container : containers.replicas()) {
            Assignment assignment = want.get(container.replica());
            ReplicaContainer seen = current.get(container.replica());
            boolean matches = assignment != null && container.specVersion() == assignment.specVersion();
            if (seen == null || matches) {
                current.put(container.replica(), container);
            }
        }
        List<Report> reports = new ArrayList<>();
        Set<Long> replicas = new LinkedHashSet<>(current.keySet());
        replicas.addAll(want.keySet());
        for (long replica : replicas) {
            ReplicaContainer container = current.get(replica);
            ReplicaStanding standing = standings.get(replica);
            boolean gaveUp = standing != null && standing.restarts.gaveUp();
            int restarts = standing == null ? 0 : standing.restarts.restarts();
            String message = standing == null ? null : standing.message;
            if (container == null) {
                Integer lastExit = standing == null ? null : standing.lastExitCode;
                reports.add(new Report(replica, gaveUp ? "failed" : "starting", null, restarts, lastExit, message,
                        lastExit == null ? null : standing.lastOom, null));
                continue;
            }
            String state = switch (container.state()) {
                case "created" -> "starting";
                case "running" -> "running";
                default -> gaveUp ? "failed" : busy.contains(replica) ? "stopped" : "exited";
            };
            HealthMonitor monitor = health;
            String verdict = container.running() && monitor != null ? monitor.verdict(replica) : null;
            if (message == null && HealthVerdict.UNHEALTHY.equals(verdict)) {
                message = monitor.output(replica);
            }
            boolean exited = container.exited();
            reports.add(new Report(replica, state, verdict, restarts, exited ? container.exitCode() : null, message,
                    exited ? container.oomKilled() : null, container.id()));
        }
        return reports;
    }

    /** The images the node holds. */
    public List<String> images() {
        return containers.images();
    }

    @Override
    public void close() {
        closed = true;
        HealthMonitor monitor = health;
        if (monitor != null) {
            monitor.close();
        }
        wake();
        Thread t = loop;
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
