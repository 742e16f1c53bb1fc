package dev.berth.agent.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides what brings the node's replica containers to the desired assignments: pure, from what is desired, what
 * runs, and each replica's restart and health standing. At most one action per replica per pass; the next pass,
 * seeing its result, decides the next.
 *
 * <ul>
 *   <li>a replica the scheduler does not assign here (removed from the stream, or listed {@code unknown} by a
 *       heartbeat): its containers are removed; before the first snapshot nothing is removed;
 *   <li>an assigned replica without a container: one is created, unless a failed attempt's backoff is pending or the
 *       policy gave up;
 *   <li>its container of another spec version: replaced; extra containers of the replica: removed;
 *   <li>a created container: started; an exited one: started again when its restart is due;
 *   <li>a running one whose health check says unhealthy: stopped, so that the policy restarts it (not under
 *       {@code never}: it stays, reported unhealthy, for the scheduler to replace).
 * </ul>
 */
public final class ConvergencePlan {

    private ConvergencePlan() {}

    /** What a replica's history says, as of the pass. */
    public interface Standing {
        /** Whether a restart (or a new attempt to create) is due. */
        boolean due(long replica, Instant now);

        /** Whether an earlier failure's backoff is still running. */
        boolean waiting(long replica, Instant now);

        boolean gaveUp(long replica);

        boolean unhealthy(long replica);
    }

    /** One step for one replica. */
    public sealed interface Action {
        long replica();
    }

    public record Create(Assignment assignment, String name) implements Action {
        public long replica() {
            return assignment.replica();
        }
    }

    public record Replace(ReplicaContainer old, Assignment assignment, String name) implements Action {
        public long replica() {
            return assignment.replica();
        }
    }

    /** Starts a created container, or an exited one again (a restart). */
    public record Start(ReplicaContainer container, Assignment assignment) implements Action {
        public long replica() {
            return assignment.replica();
        }
    }

    public record StopUnhealthy(ReplicaContainer container, Assignment assignment) implements Action {
        public long replica() {
            return assignment.replica();
        }
    }

    public record Remove(ReplicaContainer container, String reason) implements Action {
        public long replica() {
            return container.replica();
        }
    }

    public static List<Action> decide(Map<Long, Assignment> desired, boolean seeded, List<ReplicaContainer> observed,
                                      Set<Long> unknown, Standing standing, Instant now) {
        Map<Long, List<ReplicaContainer>> byReplica = new LinkedHashMap<>();
        for (ReplicaContainer container : observed) {
            byReplica.computeIfAbsent(container.replica(), r -> new ArrayList<>()).add(container);
        }
        List<Action> actions = new ArrayList<>();
        for (Map.Entry<Long, List<ReplicaContainer>> entry : byReplica.entrySet()) {
            long replica = entry.getKey();
            List<ReplicaContainer> containers = entry.getValue();
            Assignment assignment = desired.get(replica);
            if (unknown.contains(replica)) {
                actions.add(new Remove(containers.getFirst(), "the scheduler does not assign replica " + replica
                        + " to this node"));
            } else if (assignment == null) {
                if (seeded) {
                    actions.add(new Remove(containers.getFirst(), "replica " + replica + " is no longer assigned"));
                }
            } else {
                Action action = converge(assignment, containers, observed, standing, now);
                if (action != null) {
                    actions.add(action);
                }
            }
        }
        for (Assignment assignment : desired.values()) {
            long replica = assignment.replica();
            if (!byReplica.containsKey(replica) && !unknown.contains(replica) && !standing.gaveUp(replica)
                    && !standing.waiting(replica, now)) {
                actions.add(new Create(assignment, nameFor(assignment, observed)));
            }
        }
        return actions;
    }

    private static @Nullable Action converge(Assignment assignment, List<ReplicaContainer> containers,
                                             List<ReplicaContainer> observed, Standing standing, Instant now) {
        long replica = assignment.replica();
        List<ReplicaContainer> current = containers.stream()
                .filter(c -> c.specVersion() == assignment.specVersion())
                .sorted(Comparator.comparing(ReplicaContainer::running).reversed()).toList();
        if (current.isEmpty()) {
            return new Replace(containers.getFirst(), assignment, nameFor(assignment, observed));
        }
        for (ReplicaContainer container : containers) {
            if (container != current.getFirst()) {
                return new Remove(container, container.specVersion() == assignment.specVersion()
                        ? "a second container of replica " + replica
                        : "replica " + replica + " now runs version " + assignment.specVersion());
            }
        }
        ReplicaContainer container = current.getFirst();
        if (container.created() && !standing.gaveUp(replica) && !standing.waiting(replica, now)) {
            return new Start(container, assignment);
        }
        if (container.exited() && !standing.gaveUp(replica) && standing.due(replica, now)) {
            return new Start(container, assignment);
        }
        if (container.running() && standing.unhealthy(replica)
                && assignment.spec().restart().kind() != RestartPolicy.Kind.NEVER) {
            return new StopUnhealthy(container, assignment);
        }
        return null;
    }

    /**
     * The assignment's name, unless a container of another replica holds it: during a rollout a new replica of the
     * same slot may land beside the old one, and both cannot have one name. Then the replica id is appended.
     */
    static String nameFor(Assignment assignment, List<ReplicaContainer> observed) {
        boolean taken = observed.stream()
                .anyMatch(c -> c.replica() != assignment.replica() && c.name().equals(assignment.name()));
        return taken ? assignment.name() + "-" + assignment.replica() : assignment.name();
    }
}
