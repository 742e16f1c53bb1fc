package dev.berth.scheduler.rollout;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What to do next for one service.
 *
 * @param create slots to start a new replica (of the current version) in
 * @param remove replicas to stop and remove
 * @param outcome where the rollout stands
 * @param failed when the outcome is {@link Outcome#FAILED}, the new replica that failed
 */
public record RolloutPlan(List<Integer> create, List<Long> remove, Outcome outcome, @Nullable ReplicaView failed) {

    /** Where a service stands. */
    public enum Outcome {
        /** Every slot holds one available replica of the current template; nothing to do. */
        CONVERGED,
        /** Replicas are being started, replaced or moved. */
        PROGRESSING,
        /** A replica of the version being rolled out failed: the rollout is to be rolled back. */
        FAILED
    }

    public boolean idle() {
        return create.isEmpty() && remove.isEmpty();
    }
}
