package dev.berth.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Convergence against a fake node: what it creates, replaces, restarts, removes and leaves alone, and reports. */
class ConvergenceTest {
    MutableClock clock;
    FakeContainers node;
    SimpleMeterRegistry meters;
    Convergence convergence;

    @BeforeEach
    void setUp() {
        clock = new MutableClock();
        node = new FakeContainers(clock);
        meters = new SimpleMeterRegistry();
        // Actions run at once on the test's thread, so each pass's effect is visible right after it.
        convergence = new Convergence(node, Runnable::run, clock, Duration.ofSeconds(2), meters);
    }

    private void snapshot(long revision, Assignment... assignments) {
        convergence.apply(new WatchEvent.Snapshot(revision, List.of(assignments)));
    }

    private Convergence.Report report(long replica) {
        return convergence.report().stream().filter(r -> r.replica() == replica).findFirst().orElseThrow();
    }

    @Test
    void aSnapshotCreatesAndStartsAContainerPerAssignmentNamedByIt() {
        snapshot(10, Specs.assignment(1, 1), Specs.assignment(2, 1));
        convergence.pass();

        assertThat(node.calls).containsExactly("create acme.shop.web.1 v1", "start acme.shop.web.1",
                "create acme.shop.web.2 v1", "start acme.shop.web.2");
        assertThat(node.only(1).running()).isTrue();
        assertThat(report(1)).isEqualTo(new Convergence.Report(1, "running", null, 0, null, null, null,
                node.only(1).id()));
        assertThat(convergence.revision()).isEqualTo(10);

        node.calls.clear();
        convergence.pass();
        assertThat(node.calls).as("a converged node needs nothing").isEmpty();
        assertThat(meters.get("berth.cluster.converge").tag("action", "create").tag("result", "ok").counter()
                .count()).isEqualTo(2);
    }

    @Test
    void aMissingImageIsPulledFirst() {
        node.images.clear();
        snapshot(1, Specs.assignment(1, 1));
        convergence.pass();
        assertThat(node.calls).containsExactly("pull busybox", "create acme.shop.web.1 v1", "start acme.shop.web.1");
    }

    @Test
    void nothingIsRemovedBeforeTheFirstSnapshotAndUnassignedOnesAfterIt() {
        ReplicaContainer mine = node.add(7, 1, "running");
        convergence.pass();
        assertThat(node.calls).as("before a snapshot the agent does not know what it should run").isEmpty();

        snapshot(5, Specs.assignment(7, 1));
        convergence.pass();
        assertThat(node.calls).as("an adopted container of the right version is kept").isEmpty();

        convergence.apply(new WatchEvent.Remove(6, 7));
        convergence.pass();
        assertThat(node.calls).containsExactly("remove " + mine.name());
        assertThat(convergence.revision()).isEqualTo(6);
    }

    @Test
    void aNewSpecVersionReplacesTheContainer() {
        snapshot(1, Specs.assignment(3, 1));
        convergence.pass();
        node.calls.clear();

        convergence.apply(new WatchEvent.Put(2, Specs.assignment(3, 2)));
        convergence.pass();

        assertThat(node.calls).containsExactly("remove acme.shop.web.3", "create acme.shop.web.3 v2",
                "start acme.shop.web.3");
        assertThat(node.only(3).specVersion()).isEqualTo(2);
    }

    @Test
    void aNewReplicaOfTheSameSlotBesideTheOldGetsItsIdInItsName() {
        snapshot(1, Specs.assignment(3, 1));
        convergence.pass();
        node.calls.clear();
        // A rollout's surge: replica 13 has slot 3 too, so the same name as replica 3.
        convergence.apply(new WatchEvent.Put(2, Specs.assignment(13, 2)));
        convergence.pass();
        assertThat(node.calls).containsExactly("create acme.shop.web.3-13 v2", "start acme.shop.web.3-13");
    }

    @Test
    void unknownReplicasReportedByTheHeartbeatAreRemovedEvenIfAssigned() {
        snapshot(1, Specs.assignment(1, 1), Specs.assignment(2, 1));
        convergence.pass();
        node.calls.clear();

        convergence.unknown(List.of(2L));
        convergence.pass();
        convergence.pass();

        assertThat(node.calls).containsExactly("remove acme.shop.web.2");
        assertThat(convergence.report()).extracting(Convergence.Report::replica).containsExactly(1L);
    }

    @Test
    void anExitedContainerIsRestartedAfterItsBackoffAndCounted() {
        snapshot(1, Specs.assignment(1, 1));
        convergence.pass();
        ReplicaContainer c = node.only(1);
        clock.advance(Duration.ofSeconds(2));
        node.exit(c.id(), 137, c.startedAt());
        node.calls.clear();

        convergence.pass();
        assertThat(node.calls).as("backoff 1 s not over").isEmpty();
        assertThat(report(1).state()).isEqualTo("exited");
        assertThat(report(1).exitCode()).isEqualTo(137);
        assertThat(report(1).message()).contains("exited with 137").contains("restarting at");

        clock.advance(Duration.ofMillis(800));
        assertThat(convergence.nextWait()).as("the loop wakes when the restart is due").isEqualTo(201);
        clock.advance(Duration.ofMillis(200));
        convergence.pass();
        assertThat(node.calls).containsExactly("start " + c.name());
        assertThat(convergence.nextWait()).isEqualTo(Convergence.TICK.toMillis());
        assertThat(report(1)).isEqualTo(new Convergence.Report(1, "running", null, 1, null, null, null, c.id()));
        assertThat(meters.get("berth.cluster.restarts").counter().count()).isEqualTo(1);

        // It dies again at once: the next wait doubles.
        node.exit(c.id(), 1, clock.instant());
        node.calls.clear();
        convergence.pass();
        clock.advance(Duration.ofMillis(1999));
        convergence.pass();
        assertThat(node.calls).isEmpty();
        clock.advance(Duration.ofMillis(1));
        convergence.pass();
        assertThat(node.calls).containsExactly("start " + c.name());
        assertThat(report(1).restarts()).isEqualTo(2);
    }

    @Test
    void restartCountsOutliveTheAgent(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("cluster/restarts.json");
        convergence.restartCounts(file);
        snapshot(1, Specs.assignment(1, 1), Specs.assignment(2, 1));
        convergence.pass();
        ReplicaContainer c = node.only(1);
        for (int i = 0; i < 2; i++) {
            node.exit(c.id(), 1, clock.instant());
            convergence.pass();
            clock.advance(Duration.ofSeconds(2));
            convergence.pass();
        }
        assertThat(report(1).restarts()).isEqualTo(2);

        // The agent restarts: a new convergence over the same containers and the same file.
        Convergence next = new Convergence(node, Runnable::run, clock, Duration.ofSeconds(2), meters);
        next.restartCounts(file);
        next.apply(new WatchEvent.Snapshot(5, List.of(Specs.assignment(1, 1), Specs.assignment(2, 1))));
        next.pass();
        assertThat(next.report()).extracting(Convergence.Report::restarts).containsExactly(2, 0);

        // Removed replicas leave the file; another spec version starts from 0.
        next.apply(new WatchEvent.Snapshot(6, List.of(Specs.assignment(1, 2))));
        next.pass();
        next.pass();
        assertThat(new RestartLedger(file).restarts(1, 1)).isEqualTo(2);
        assertThat(new RestartLedger(file).restarts(1, 2)).isZero();
        assertThat(next.report()).extracting(Convergence.Report::restarts).containsExactly(0);
    }

    @Test
    void onFailureGivesUpAfterMaxRetriesAndReportsFailed() {
        snapshot(1, Specs.assignment(1, 1, Specs.policy(RestartPolicy.Kind.ON_FAILURE, 1), null));
        convergence.pass();
        ReplicaContainer c = node.only(1);
        node.exit(c.id(), 2, clock.instant());
        convergence.pass();
        clock.advance(Duration.ofSeconds(1));
        convergence.pass();
        assertThat(report(1).restarts()).isEqualTo(1);

        node.exit(c.id(), 2, clock.instant());
        node.calls.clear();
        convergence.pass();
        clock.advance(Duration.ofMinutes(5));
        convergence.pass();

        assertThat(node.calls).as("no second retry").isEmpty();
        Convergence.Report failed = report(1);
        assertThat(failed.state()).isEqualTo("failed");
        assertThat(failed.exitCode()).isEqualTo(2);
        assertThat(failed.restarts()).isEqualTo(1);
        assertThat(failed.message()).contains("gave up");
    }

    @Test
    void anOomKillIsReportedAsOneAndSaidInTheMessage() {
        snapshot(1, Specs.assignment(1, 1, Specs.policy(RestartPolicy.Kind.ON_FAILURE, 0), null));
        convergence.pass();
        ReplicaContainer c = node.only(1);
        node.exit(c.id(), 2, clock.instant());
        convergence.pass();
        assertThat(report(1).oom()).as("an ordinary exit").isFalse();

        clock.advance(Duration.ofSeconds(1));
        convergence.pass();
        node.oomKill(node.only(1).id(), clock.instant());
        convergence.pass();

        Convergence.Report killed = report(1);
        assertThat(killed.exitCode()).isEqualTo(137);
        assertThat(killed.oom()).isTrue();
        assertThat(killed.message()).contains("OOM killer");
    }

    @Test
    void aNewSpecVersionOfAFailedReplicaStartsItsPolicyAfresh() {
        RestartPolicy once = Specs.policy(RestartPolicy.Kind.ON_FAILURE, 1);
        snapshot(1, Specs.assignment(1, 1, once, null));
        convergence.pass();
        ReplicaContainer c = node.only(1);
        for (int i = 0; i < 2; i++) {
            node.exit(c.id(), 1, clock.instant());
            convergence.pass();
            clock.advance(Duration.ofSeconds(1));
            convergence.pass();
        }
        assertThat(report(1).state()).isEqualTo("failed");

        convergence.apply(new WatchEvent.Put(3, Specs.assignment(1, 2, once, null)));
        convergence.pass();
        ReplicaContainer next = node.only(1);
        assertThat(next.specVersion()).isEqualTo(2);
        node.exit(next.id(), 1, clock.instant());
        convergence.pass();
        clock.advance(Duration.ofSeconds(1));
        node.calls.clear();
        convergence.pass();
        assertThat(node.calls).as("version 2 has its own retry").containsExactly("start " + next.name());
        assertThat(report(1).restarts()).isEqualTo(1);
    }

    @Test
    void onFailureLeavesAContainerThatExitedCleanly() {
        snapshot(1, Specs.assignment(1, 1, Specs.policy(RestartPolicy.Kind.ON_FAILURE, 0), null));
        convergence.pass();
        ReplicaContainer c = node.only(1);
        node.exit(c.id(), 0, clock.instant());
        node.calls.clear();
        clock.advance(Duration.ofMinutes(1));
        convergence.pass();
        assertThat(node.calls).isEmpty();
        assertThat(report(1).state()).isEqualTo("exited");
        assertThat(report(1).exitCode()).isZero();
    }

    @Test
    void aContainerThatExitedWhileTheAgentWasAwayIsRestartedUnderAlways() {
        ReplicaContainer exited = node.add(4, 1, "exited");
        snapshot(1, Specs.assignment(4, 1));
        convergence.pass();
        clock.advance(Duration.ofSeconds(1));
        convergence.pass();
        assertThat(node.calls).containsExactly("start " + exited.name());
    }

    @Test
    void aFailedCreateIsRetriedWithBackoffAndSaidInTheReport() {
        node.failCreate = new IllegalStateException("no space left");
        snapshot(1, Specs.assignment(1, 1));
        convergence.pass();
        assertThat(report(1).state()).isEqualTo("starting");
        assertThat(report(1).message()).contains("no space left").contains("trying again");

        node.calls.clear();
        convergence.pass();
        assertThat(node.calls).as("within the backoff").isEmpty();

        node.failCreate = null;
        clock.advance(Duration.ofSeconds(1));
        convergence.pass();
        assertThat(node.calls).containsExactly("create acme.shop.web.1 v1", "start acme.shop.web.1");
        assertThat(report(1).state()).isEqualTo("running");
    }

    @Test
    void everyFailedCreateWaitsForItsBackoffNotOnlyTheFirst() {
        node.failCreate = new IllegalStateException("registry unreachable");
        snapshot(1, Specs.assignment(1, 1));
        for (int attempt = 1; attempt <= 4; attempt++) {
            node.calls.clear();
            convergence.pass();
            assertThat(node.calls).as("attempt " + attempt).containsExactly("create acme.shop.web.1 v1");
            node.calls.clear();
            convergence.pass();
            assertThat(node.calls).as("right after attempt " + attempt + ", within its backoff").isEmpty();
            assertThat(report(1).message()).contains("trying again");
            clock.advance(Duration.ofMinutes(10));
        }
        assertThat(report(1).restarts()).isEqualTo(3);
    }

    @Test
    void anUnhealthyReplicaIsStoppedAndThenRestartedByItsPolicy() throws Exception {
        HealthCheck check = new HealthCheck(List.of("false"), null, "/", Duration.ofHours(1), Duration.ofSeconds(1),
                2);
        Prober failing = (container, c) -> new Prober.Result(false, "false exited with 1");
        ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            HealthMonitor monitor = new HealthMonitor(failing, timer, () -> {});
            convergence.healthChecks(monitor);
            snapshot(1, Specs.assignment(1, 1, RestartPolicy.DEFAULT, check));
            convergence.pass();
            ReplicaContainer c = node.only(1);
            assertThat(monitor.watched()).as("checks start once it is seen running").isEmpty();
            convergence.pass();
            assertThat(monitor.watched()).containsExactly(1L);

            monitor.probeNow(1);
            node.calls.clear();
            convergence.pass();
            assertThat(node.calls).as("one failure of two allowed").isEmpty();
            assertThat(report(1).health()).isNull();

            monitor.probeNow(1);
            assertThat(report(1).health()).isEqualTo("unhealthy");
            convergence.pass();
            assertThat(node.calls).containsExactly("stop " + c.name());
            convergence.pass();
            assertThat(report(1).state()).isEqualTo("exited");
            assertThat(report(1).message()).contains("restarting at");

            clock.advance(Duration.ofSeconds(1));
            convergence.pass();
            assertThat(node.calls).containsExactly("stop " + c.name(), "start " + c.name());
            assertThat(report(1).restarts()).isEqualTo(1);
            assertThat(report(1).health()).as("a new run has no verdict yet").isNull();
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void theDecisionsLeaveEveryContainerWithoutAReplicaAlone() {
        // The plan only ever sees labelled containers; an unlabelled one is not a replica at all.
        assertThat(RuntimeContainers.replicaOf(Map.of("berth.app", "shop"))).isNull();
        assertThat(RuntimeContainers.replicaOf(Map.of("berth.replica", "x"))).isNull();
        assertThat(RuntimeContainers.replicaOf(Map.of("berth.replica", "42"))).isEqualTo(42L);
    }

    @Test
    void planDecidesOneActionPerReplica() {
        ReplicaContainer old = new ReplicaContainer("a", 1, 1, "n1", "running", null, false, Instant.EPOCH, null, null, null);
        ReplicaContainer current = new ReplicaContainer("b", 1, 2, "n1-1", "running", null, false, Instant.EPOCH, null, null,
                null);
        ConvergencePlan.Standing calm = new ConvergencePlan.Standing() {
            public boolean due(long replica, Instant now) {
                return false;
            }

            public boolean waiting(long replica, Instant now) {
                return false;
            }

            public boolean gaveUp(long replica) {
                return false;
            }

            public boolean unhealthy(long replica) {
                return false;
            }
        };
        List<ConvergencePlan.Action> actions = ConvergencePlan.decide(Map.of(1L, Specs.assignment(1, 2)), true,
                List.of(old, current), Set.of(), calm, Instant.EPOCH);
        assertThat(actions).containsExactly(new ConvergencePlan.Remove(old, "replica 1 now runs version 2"));
    }
}
