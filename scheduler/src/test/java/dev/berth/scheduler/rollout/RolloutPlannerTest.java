package dev.berth.scheduler.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scheduler.rollout.ReplicaView.Health;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rollout state machine driven by simulated agent reports: each step applies the plan (new replicas start as
 * STARTING; the "agents" then report them) and plans again, as the reconciler's passes do.
 */
class RolloutPlannerTest {
    /** A simulated service: replicas by id, and what the agents report for new ones. */
    static final class Service {
        final Map<Long, ReplicaView> replicas = new HashMap<>();
        long nextId = 1;
        int maxAvailableSeen = Integer.MAX_VALUE;
        int minAvailableSeen = Integer.MAX_VALUE;
        int maxLiveSeen = 0;

        void add(int slot, boolean current, Health health) {
            long id = nextId++;
            replicas.put(id, new ReplicaView(id, slot, current, false, health));
        }

        RolloutPlan step(int desired, int maxUnavailable, int maxSurge, boolean rollingOut) {
            RolloutPlan plan = RolloutPlanner.plan(desired, maxUnavailable, maxSurge, rollingOut,
                    new ArrayList<>(replicas.values()));
            plan.remove().forEach(replicas::remove);
            plan.create().forEach(slot -> add(slot, true, Health.STARTING));
            long available = replicas.values().stream().filter(ReplicaView::available).count();
            minAvailableSeen = (int) Math.min(minAvailableSeen, available);
            maxLiveSeen = Math.max(maxLiveSeen, replicas.size());
            return plan;
        }

        /** The agents report every starting replica as {@code health}. */
        void report(Health health) {
            replicas.replaceAll((id, r) -> r.health() == Health.STARTING
                    ? new ReplicaView(r.id(), r.slot(), r.current(), r.mustMove(), health) : r);
        }

        long current() {
            return replicas.values().stream().filter(r -> r.current() && r.available()).count();
        }
    }

    static Service runningOld(int count) {
        Service service = new Service();
        for (int slot = 0; slot < count; slot++) {
            service.add(slot, false, Health.AVAILABLE);
        }
        return service;
    }

    @Test
    void scaleUpFromNothingCreatesEverySlot() {
        RolloutPlan plan = RolloutPlanner.plan(3, 1, 1, false, List.of());
        assertThat(plan.create()).containsExactly(0, 1, 2);
        assertThat(plan.outcome()).isEqualTo(RolloutPlan.Outcome.PROGRESSING);
    }

    @Test
    void scaleDownRemovesTheHighSlots() {
        List<ReplicaView> replicas = List.of(new ReplicaView(1, 0, true, false, Health.AVAILABLE),
                new ReplicaView(2, 1, true, false, Health.AVAILABLE), new ReplicaView(3, 2, true, false,
                        Health.AVAILABLE));
        RolloutPlan plan = RolloutPlanner.plan(1, 1, 1, false, replicas);
        assertThat(plan.remove()).containsExactlyInAnyOrder(2L, 3L);
        assertThat(plan.create()).isEmpty();
    }

    @Test
    void rollingUpdateWithSurgeKeepsEveryReplicaAvailable() {
        Service service = runningOld(4);
        for (int pass = 0; pass < 20; pass++) {
            RolloutPlan plan = service.step(4, 0, 1, true);
            if (plan.outcome() == RolloutPlan.Outcome.CONVERGED) {
                break;
            }
            assertThat(plan.create().size()).as("surge of 1").isLessThanOrEqualTo(1);
            service.report(Health.AVAILABLE);
        }
        assertThat(service.current()).isEqualTo(4);
        assertThat(service.replicas).hasSize(4);
        assertThat(service.minAvailableSeen).as("maxUnavailable 0").isEqualTo(4);
        assertThat(service.maxLiveSeen).as("maxSurge 1").isEqualTo(5);
    }

    @Test
    void rollingUpdateWithoutSurgeStopsOneAtATime() {
        Service service = runningOld(4);
        RolloutPlan first = service.step(4, 1, 0, true);
        assertThat(first.remove()).hasSize(1);
        assertThat(first.create()).hasSize(1);
        // Nothing more until the new replica is healthy.
        RolloutPlan waiting = service.step(4, 1, 0, true);
        assertThat(waiting.idle()).isTrue();
        for (int pass = 0; pass < 20 && service.step(4, 1, 0, true).outcome() != RolloutPlan.Outcome.CONVERGED;
             pass++) {
            service.report(Health.AVAILABLE);
        }
        assertThat(service.current()).isEqualTo(4);
        assertThat(service.minAvailableSeen).isEqualTo(3);
        assertThat(service.maxLiveSeen).isEqualTo(4);
    }

    @Test
    void aFailingNewReplicaFailsTheRollout() {
        Service service = runningOld(3);
        service.step(3, 1, 1, true);
        service.report(Health.FAILED);
        RolloutPlan plan = service.step(3, 1, 1, true);
        assertThat(plan.outcome()).isEqualTo(RolloutPlan.Outcome.FAILED);
        assertThat(plan.failed()).isNotNull();
        assertThat(plan.idle()).isTrue();
        // The old replicas were never stopped: the service stayed available throughout.
        assertThat(service.replicas.values().stream().filter(r -> !r.current() && r.available()).count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void afterARollbackTheFailedVersionIsReplaced() {
        // After the rollback, the old template is current again and the failed new replica is outdated and failed.
        List<ReplicaView> replicas = List.of(new ReplicaView(1, 0, true, false, Health.AVAILABLE),
                new ReplicaView(2, 1, true, false, Health.AVAILABLE), new ReplicaView(3, 0, false, false,
                        Health.FAILED));
        RolloutPlan plan = RolloutPlanner.plan(2, 1, 1, false, replicas);
        assertThat(plan.remove()).containsExactly(3L);
        assertThat(plan.create()).isEmpty();
    }

    @Test
    void outsideARolloutAFailedReplicaIsReplacedInItsSlot() {
        List<ReplicaView> replicas = List.of(new ReplicaView(1, 0, true, false, Health.FAILED),
                new ReplicaView(2, 1, true, false, Health.AVAILABLE));
        RolloutPlan plan = RolloutPlanner.plan(2, 1, 1, false, replicas);
        assertThat(plan.outcome()).isEqualTo(RolloutPlan.Outcome.PROGRESSING);
        assertThat(plan.remove()).containsExactly(1L);
        assertThat(plan.create()).containsExactly(0);
    }

    @Test
    void drainingMovesReplicasRespectingMaxUnavailable() {
        // Three replicas on a draining node, surge 0, maxUnavailable 1: one at a time.
        Service service = new Service();
        for (int slot = 0; slot < 3; slot++) {
            long id = service.nextId++;
            service.replicas.put(id, new ReplicaView(id, slot, true, true, Health.AVAILABLE));
        }
        RolloutPlan first = service.step(3, 1, 0, false);
        assertThat(first.remove()).hasSize(1);
        assertThat(service.step(3, 1, 0, false).idle()).isTrue();
        for (int pass = 0; pass < 20 && service.step(3, 1, 0, false).outcome() != RolloutPlan.Outcome.CONVERGED;
             pass++) {
            service.report(Health.AVAILABLE);
        }
        assertThat(service.replicas.values()).allMatch(r -> !r.mustMove() && r.available()).hasSize(3);
        assertThat(service.minAvailableSeen).isEqualTo(2);
    }

    @Test
    void oldReplicasThatAreDownAreReplacedWithoutWaiting() {
        List<ReplicaView> replicas = List.of(new ReplicaView(1, 0, false, false, Health.STARTING),
                new ReplicaView(2, 1, false, false, Health.STARTING));
        RolloutPlan plan = RolloutPlanner.plan(2, 0, 1, true, replicas);
        assertThat(plan.remove()).containsExactlyInAnyOrder(1L, 2L);
        assertThat(plan.create()).containsExactlyInAnyOrder(0, 1);
    }
}
