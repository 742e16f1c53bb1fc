package dev.berth.agent.cluster;

import dev.berth.agent.launch.EntrypointException;
import dev.berth.agent.metrics.AgentMeters;
import io.micrometer.core.instrument.Counter;
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
 * exit code, and a message (an error, or when the next restart is due).
 */
public final class Convergence implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Convergence.class);
    static final Duration TICK = Duration.ofMillis(500);
    /** The exit code recorded for an attempt that failed before a process ran (image pull, create). */
    static final int CREATE_FAILED = 125;

    private final NodeContainers containers;
    private final Executor workers;
    private final Clock clock;
    private final Duration stopTimeout;
    private final MeterRegistry meters;
    private final DesiredState desired = new DesiredState();
    private final Map<Long, ReplicaStanding> standings = new ConcurrentHashMap<>();
    private final Set<Long> busy = ConcurrentHashMap.newKeySet();
    private final Set<Long> unknown = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean closed;
    private volatile @Nullable Thread loop;
    private @Nullable HealthMonitor health;
    private @Nullable RestartLedger ledger;

    /** What the node knows of one replica beyond its container. */
    private static final class ReplicaStanding {
        final int specVersion;
        final RestartTracker restarts;
        volatile @Nullable String message;
        volatile @Nullable Instant lastExitSeen;
        volatile @Nullable Integer lastExitCode;

        ReplicaStanding(int specVersion, RestartPolicy policy, int restartsBefore) {
            this.specVersion = specVersion;
            this.restarts = new RestartTracker(policy, restartsBefore);
        }
    }

    /** One container's line of the heartbeat. */
    public record Report(long replica, String state, @Nullable String health, int restarts,
                         @Nullable Integer exitCode, @Nullable String message) {}

    public Convergence(NodeContainers containers, Executor workers, Clock clock, Duration stopTimeout,
                       MeterRegistry meters) {
        this.containers = containers;
        this.workers = workers;
        this.clock = clock;
        this.stopTimeout = stopTimeout;
        this.meters = meters;
        Gauge.builder(AgentMeters.CLUSTER_ASSIGNED.meterName(), desired, d -> d.assignments().size())
                .description(AgentMeters.CLUSTER_ASSIGNED.description()).register(meters);
    }

    /** Checks the health of replicas whose spec asks for it, with {@code prober}, on {@code timer}'s threads. */
    public void healthChecks(Prober prober, ScheduledExecutorService timer) {
        this.health = new HealthMonitor(prober, timer, this::wake);
    }

    /** Keeps restart counts in {@code file}, so that they outlive the agent. */
    public void restartCounts(Path file) {
        this.ledger = new RestartLedger(file);
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
        for (ReplicaStanding standing : standings.values()) {
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
            standing(assignment).restarts.policy(assignment.spec().restart());
        }
        observeExits(want, observed, now);
        watchHealth(want, observed);
        Set<Long> gone = new HashSet<>(unknown);
        List<ConvergencePlan.Action> actions = ConvergencePlan.decide(want, desired.seeded(), observed, gone,
                standingView(), now);
        for (ConvergencePlan.Action action : actions) {
            if (busy.add(action.replica())) {
                workers.execute(() -> {
                    try {
                        perform(action);
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
        standings.keySet().removeIf(replica -> !want.containsKey(replica) && !stillObserved.contains(replica)
                && !busy.contains(replica));
        RestartLedger kept = ledger;
        if (kept != null && desired.seeded()) {
            Set<Long> known = new HashSet<>(want.keySet());
            known.addAll(stillObserved);
            try {
                kept.retain(known);
            } catch (RuntimeException e) {
                log.warn("{}", e.getMessage());
            }
        }
    }

    /** New exits of assigned replicas go to their restart policy. */
    private void observeExits(Map<Long, Assignment> want, List<ReplicaContainer> observed, Instant now) {
        for (ReplicaContainer container : observed) {
            Assignment assignment = want.get(container.replica());
            if (assignment == null || !container.exited() || container.specVersion() != assignment.specVersion()
                    || busy.contains(container.replica()) || container.finishedAt() == null) {
                continue;
            }
            ReplicaStanding standing = standing(assignment);
            if (Objects.equals(standing.lastExitSeen, container.finishedAt())) {
                continue;
            }
            standing.lastExitSeen = container.finishedAt();
            int exitCode = container.exitCode() == null ? 255 : container.exitCode();
            standing.lastExitCode = exitCode;
            Duration ran = container.startedAt() == null ? Duration.ZERO
                    : Duration.between(container.startedAt(), container.finishedAt());
            RestartTracker.Outcome outcome = standing.restarts.exited(exitCode, ran, now);
            String why = container.error() != null ? container.error() : "exited with " + exitCode;
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

    private ConvergencePlan.Standing standingView() {
        return new ConvergencePlan.Standing() {
            @Override
            public boolean due(long replica, Instant now) {
                ReplicaStanding s = standings.get(replica);
                return s != null && s.restarts.due(now);
            }

            @Override
            public boolean waiting(long replica, Instant now) {
                ReplicaStanding s = standings.get(replica);
                Instant due = s == null ? null : s.restarts.due();
                return due != null && now.isBefore(due);
            }

            @Override
            public boolean gaveUp(long replica) {
                ReplicaStanding s = standings.get(replica);
                return s != null && s.restarts.gaveUp();
            }

            @Override
            public boolean unhealthy(long replica) {
                HealthMonitor monitor = health;
                return monitor != null && HealthVerdict.UNHEALTHY.equals(monitor.verdict(replica));
            }
        };
    }

    /** The replica's standing; a new spec version starts a new one (its policy starts afresh, as a new container). */
    private ReplicaStanding standing(Assignment assignment) {
        return standings.compute(assignment.replica(), (replica, standing) -> standing != null
                && standing.specVersion == assignment.specVersion() ? standing
                : new ReplicaStanding(assignment.specVersion(), assignment.spec().restart(), ledger == null ? 0
                        : ledger.restarts(replica, assignment.specVersion())));
    }

    private void perform(ConvergencePlan.Action action) {
        String name = switch (action) {
            case ConvergencePlan.Create c -> "create";
            case ConvergencePlan.Replace r -> "replace";
            case ConvergencePlan.Start s -> "start";
            case ConvergencePlan.StopUnhealthy s -> "restart-unhealthy";
            case ConvergencePlan.Remove r -> "remove";
        };
        boolean ok = false;
        try {
            switch (action) {
                case ConvergencePlan.Create create -> create(create.assignment(), create.name());
                case ConvergencePlan.Replace replace -> {
                    log.info("replacing {} (replica {}, version {}) with version {}", replace.old().name(),
                            replace.replica(), replace.old().specVersion(), replace.assignment().specVersion());
                    containers.remove(replace.old().id());
                    create(replace.assignment(), replace.name());
                }
                case ConvergencePlan.Start start -> start(start);
                case ConvergencePlan.StopUnhealthy stop -> {
                    log.info("stopping {} (replica {}): unhealthy", stop.container().name(), stop.replica());
                    standing(stop.assignment()).message = "unhealthy: " + healthOutput(stop.replica());
                    containers.stop(stop.container().id(), stopTimeout);
                    HealthMonitor monitor = health;
                    if (monitor != null) {
                        monitor.forget(stop.replica());
                    }
                }
                case ConvergencePlan.Remove remove -> {
                    log.info("removing {} (replica {}): {}", remove.container().name(), remove.replica(),
                            remove.reason());
                    containers.remove(remove.container().id());
                    HealthMonitor monitor = health;
                    if (monitor != null) {
                        monitor.forget(remove.replica());
                    }
                }
            }
            ok = true;
        } catch (RuntimeException e) {
            log.warn("{} of replica {} failed: {}", name, action.replica(), e.getMessage());
        } finally {
            Counter.builder(AgentMeters.CLUSTER_CONVERGE.meterName())
                    .description(AgentMeters.CLUSTER_CONVERGE.description()).tag("action", name)
                    .tag("result", ok ? "ok" : "failed").register(meters).increment();
        }
    }

    private void start(ConvergencePlan.Start start) {
        ReplicaStanding standing = standing(start.assignment());
        boolean restart = start.container().exited();
        try {
            containers.start(start.container().id());
            standing.message = null;
        } catch (EntrypointException e) {
            // The container has exited with 126 or 127; the next pass hands that exit to the policy.
            standing.message = e.getMessage();
        } finally {
            if (restart) {
                restarted(start.assignment(), standing);
                Counter.builder(AgentMeters.CLUSTER_RESTARTS.meterName())
                        .description(AgentMeters.CLUSTER_RESTARTS.description()).register(meters).increment();
            }
        }
    }

    private void restarted(Assignment assignment, ReplicaStanding standing) {
        standing.restarts.restarted();
        RestartLedger kept = ledger;
        if (kept != null) {
            try {
                kept.record(assignment.replica(), assignment.specVersion(), standing.restarts.restarts());
            } catch (RuntimeException e) {
                log.warn("{}", e.getMessage());
            }
        }
    }

    /** Pulls if needed, creates and starts; a failure before any process ran counts as a failed run. */
    private void create(Assignment assignment, String name) {
        ReplicaStanding standing = standing(assignment);
        boolean again = standing.lastExitCode != null && standing.lastExitCode == CREATE_FAILED;
        String id;
        try {
            String image = assignment.spec().image();
            if (!containers.hasImage(image)) {
                standing.message = "pulling " + image;
                containers.pull(image);
            }
            id = containers.create(assignment, name);
        } catch (RuntimeException e) {
            standing.lastExitCode = CREATE_FAILED;
            RestartTracker.Outcome outcome = standing.restarts.exited(CREATE_FAILED, Duration.ZERO, clock.instant());
            if (outcome == RestartTracker.Outcome.STAY_EXITED) {
                standing.restarts.giveUp();
            }
            standing.message = "cannot create the container: " + e.getMessage()
                    + (standing.restarts.gaveUp() ? "" : "; trying again at " + standing.restarts.due());
            throw e;
        } finally {
            if (again) {
                restarted(assignment, standing);
            }
        }
        standing.lastExitCode = null;
        standing.lastExitSeen = null;
        standing.message = null;
        log.info("created {} for replica {} (version {})", name, assignment.replica(), assignment.specVersion());
        start(new ConvergencePlan.Start(new ReplicaContainer(id, assignment.replica(), assignment.specVersion(), name,
                "created", null, null, null, null, null), assignment));
    }

    private @Nullable String healthOutput(long replica) {
        HealthMonitor monitor = health;
        return monitor == null ? null : monitor.output(replica);
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
                reports.add(new Report(replica, gaveUp ? "failed" : "starting", null, restarts,
                        standing == null ? null : standing.lastExitCode, message));
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
                message = healthOutput(replica);
            }
            reports.add(new Report(replica, state, verdict, restarts, container.exited() ? container.exitCode()
                    : null, message));
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
