package dev.berth.agent.cluster;

import dev.berth.agent.launch.EntrypointException;
import dev.berth.agent.metrics.AgentMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the plan's actions on the node's containers, on a worker thread each, and records in the replicas'
 * standings what came of them: restarts made, attempts that failed before a process ran, what to tell the scheduler.
 */
final class ReplicaActions {
    private static final Logger log = LoggerFactory.getLogger(ReplicaActions.class);
    /** The exit code recorded for an attempt that failed before a process ran (image pull, create). */
    static final int CREATE_FAILED = 125;

    private final NodeContainers containers;
    private final Standings standings;
    private final Supplier<@Nullable HealthMonitor> health;
    private final Clock clock;
    private final Duration stopTimeout;
    private final MeterRegistry meters;

    ReplicaActions(NodeContainers containers, Standings standings, Supplier<@Nullable HealthMonitor> health,
                   Clock clock, Duration stopTimeout, MeterRegistry meters) {
        this.containers = containers;
        this.standings = standings;
        this.health = health;
        this.clock = clock;
        this.stopTimeout = stopTimeout;
        this.meters = meters;
    }

    /** Performs one action; a failure is logged and counted, and the next pass decides again. */
    void perform(ConvergencePlan.Action action) {
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
                    standings.of(stop.assignment()).message = "unhealthy: " + healthOutput(stop.replica());
                    containers.stop(stop.container().id(), stopTimeout);
                    forgetHealth(stop.replica());
                }
                case ConvergencePlan.Remove remove -> {
                    log.info("removing {} (replica {}): {}", remove.container().name(), remove.replica(),
                            remove.reason());
                    containers.remove(remove.container().id());
                    forgetHealth(remove.replica());
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
        ReplicaStanding standing = standings.of(start.assignment());
        boolean restart = start.container().exited();
        try {
            containers.start(start.container().id());
            standing.message = null;
        } catch (EntrypointException e) {
            // The container has exited with 126 or 127; the next pass hands that exit to the policy.
            standing.message = e.getMessage();
        } finally {
            if (restart) {
                standings.restarted(start.assignment(), standing);
                Counter.builder(AgentMeters.CLUSTER_RESTARTS.meterName())
                        .description(AgentMeters.CLUSTER_RESTARTS.description()).register(meters).increment();
            }
        }
    }

    /** Pulls if needed, creates and starts; a failure before any process ran counts as a failed run. */
    private void create(Assignment assignment, String name) {
        ReplicaStanding standing = standings.of(assignment);
        if (standing.lastExitCode != null && standing.lastExitCode == CREATE_FAILED) {
            // Counted before the attempt: counting clears the due time, and a failure of this attempt must be left
            // with the backoff it sets, or every pass would try again at once.
            standings.restarted(assignment, standing);
        }
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
        }
        standing.lastExitCode = null;
        standing.lastOom = false;
        standing.lastExitSeen = null;
        standing.message = null;
        log.info("created {} for replica {} (version {})", name, assignment.replica(), assignment.specVersion());
        start(new ConvergencePlan.Start(new ReplicaContainer(id, assignment.replica(), assignment.specVersion(), name,
                "created", null, false, null, null, null, null), assignment));
    }

    private @Nullable String healthOutput(long replica) {
        HealthMonitor monitor = health.get();
        return monitor == null ? null : monitor.output(replica);
    }

    private void forgetHealth(long replica) {
        HealthMonitor monitor = health.get();
        if (monitor != null) {
            monitor.forget(replica);
        }
    }
}
