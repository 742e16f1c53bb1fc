package dev.berth.scheduler.rollout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides, from the replicas of a service, what to start and stop next so that it converges on {@code desired}
 * replicas of the current template without more than {@code maxUnavailable} slots out of service and more than
 * {@code maxSurge} replicas above {@code desired}. Pure: it is called again on every reconciliation pass with the
 * replicas as the agents last reported them, so a rollout advances as new replicas report healthy.
 *
 * <p>One machine serves rollouts, drains and repairs alike: a replica is replaced in its slot when it runs an older
 * template or sits on a draining node. Per slot: an old replica is removed once its slot's new replica is available;
 * a slot with only an old replica gets a new one beside it while the surge allows, or has the old one stopped first
 * while availability allows; an old replica that is not available is replaced at once (it costs no availability).
 *
 * <p>A new replica that fails during a rollout fails the rollout ({@link RolloutPlan.Outcome#FAILED}): the caller
 * rolls back to the previous version, which this planner then rolls out the same way. Outside a rollout a failed
 * replica is replaced in its slot.
 */
public final class RolloutPlanner {
    private RolloutPlanner() {}

    public static RolloutPlan plan(int desired, int maxUnavailable, int maxSurge, boolean rollingOut,
                                   List<ReplicaView> replicas) {
        List<Integer> create = new ArrayList<>();
        List<Long> remove = new ArrayList<>();
        Map<Integer, List<ReplicaView>> slots = new TreeMap<>();
        for (ReplicaView replica : replicas) {
            if (replica.slot() >= desired) {
                remove.add(replica.id()); // scaled down
            } else {
                slots.computeIfAbsent(replica.slot(), s -> new ArrayList<>()).add(replica);
            }
        }
        for (ReplicaView replica : replicas) {
            if (rollingOut && replica.current() && replica.slot() < desired
                    && replica.health() == ReplicaView.Health.FAILED) {
                return new RolloutPlan(List.of(), List.of(), RolloutPlan.Outcome.FAILED, replica);
            }
        }

        int available = 0;
        int live = 0;
        List<Integer> waiting = new ArrayList<>(); // slots with only outdated replicas
        for (int slot = 0; slot < desired; slot++) {
            List<ReplicaView> held = slots.getOrDefault(slot, List.of());
            List<ReplicaView> fresh = new ArrayList<>();
            List<ReplicaView> old = new ArrayList<>();
            for (ReplicaView replica : held) {
                if (replica.health() == ReplicaView.Health.FAILED) {
                    remove.add(replica.id()); // replaced below, like an empty slot
                } else if (replica.outdated()) {
                    old.add(replica);
                } else {
                    fresh.add(replica);
                }
            }
            // Two fresh replicas in a slot (a repair raced a report): keep the best one.
            fresh.sort(Comparator.comparing((ReplicaView r) -> !r.available()).thenComparingLong(ReplicaView::id));
            for (int i = 1; i < fresh.size(); i++) {
                remove.add(fresh.get(i).id());
            }
            if (!fresh.isEmpty()) {
                boolean freshAvailable = fresh.getFirst().available();
                if (freshAvailable) {
                    old.forEach(r -> remove.add(r.id()));
                    available++;
                    live++;
                } else {
                    live += 1 + old.size();
                    if (old.stream().anyMatch(ReplicaView::available)) {
                        available++;
                    }
                }
            } else if (old.isEmpty()) {
                create.add(slot);
                live++;
            } else {
                live += old.size();
                if (old.stream().anyMatch(ReplicaView::available)) {
                    available++;
                }
                waiting.add(slot);
            }
        }

        // Outdated slots whose replica is not serving go first: replacing them costs no availability.
        waiting.sort(Comparator.comparing((Integer slot) -> slots.get(slot).stream().anyMatch(ReplicaView::available))
                .thenComparing(slot -> slot));
        int floor = desired - maxUnavailable;
        for (int slot : waiting) {
            List<ReplicaView> old = slots.get(slot).stream().filter(r -> r.health() != ReplicaView.Health.FAILED)
                    .toList();
            boolean serving = old.stream().anyMatch(ReplicaView::available);
            if (!serving) {
                old.forEach(r -> remove.add(r.id()));
                create.add(slot);
            } else if (live < desired + maxSurge) {
                create.add(slot);
                live++;
            } else if (available - 1 >= floor) {
                old.forEach(r -> remove.add(r.id()));
                create.add(slot);
                available--;
            } else {
                break;
            }
        }

        boolean converged = create.isEmpty() && remove.isEmpty() && available == desired && waiting.isEmpty()
                && live == desired;
        return new RolloutPlan(List.copyOf(create), List.copyOf(remove),
                converged ? RolloutPlan.Outcome.CONVERGED : RolloutPlan.Outcome.PROGRESSING, null);
    }
}
