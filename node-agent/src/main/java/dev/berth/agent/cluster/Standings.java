package dev.berth.agent.cluster;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every replica's {@link ReplicaStanding}, and what the plan asks of them: is a restart due, is a backoff running,
 * has the policy given up, is the replica unhealthy. Restart counts are also written to a {@link RestartLedger} when
 * one is kept, so that they outlive the agent.
 */
final class Standings implements ConvergencePlan.Standing {
    private static final Logger log = LoggerFactory.getLogger(Standings.class);

    private final Map<Long, ReplicaStanding> byReplica = new ConcurrentHashMap<>();
    private final Supplier<@Nullable HealthMonitor> health;
    private volatile @Nullable RestartLedger ledger;

    Standings(Supplier<@Nullable HealthMonitor> health) {
        this.health = health;
    }

    void keepCounts(RestartLedger kept) {
        this.ledger = kept;
    }

    /** The replica's standing; a new spec version starts a new one (its policy starts afresh, as a new container). */
    ReplicaStanding of(Assignment assignment) {
        RestartLedger kept = ledger;
        return byReplica.compute(assignment.replica(), (replica, standing) -> standing != null
                && standing.specVersion == assignment.specVersion() ? standing
                : new ReplicaStanding(assignment.specVersion(), assignment.spec().restart(), kept == null ? 0
                        : kept.restarts(replica, assignment.specVersion())));
    }

    @Nullable ReplicaStanding get(long replica) {
        return byReplica.get(replica);
    }

    Collection<ReplicaStanding> all() {
        return List.copyOf(byReplica.values());
    }

    /** A restart was made: counted, and the count kept. */
    void restarted(Assignment assignment, ReplicaStanding standing) {
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

    /** Forgets the standings of replicas not in {@code keep}; with {@code counts}, their kept counts too. */
    void retain(Set<Long> keep, boolean counts) {
        byReplica.keySet().retainAll(keep);
        RestartLedger kept = ledger;
        if (kept != null && counts) {
            try {
                kept.retain(keep);
            } catch (RuntimeException e) {
                log.warn("{}", e.getMessage());
            }
        }
    }

    @Override
    public boolean due(long replica, Instant now) {
        ReplicaStanding s = byReplica.get(replica);
        return s != null && s.restarts.due(now);
    }

    @Override
    public boolean waiting(long replica, Instant now) {
        ReplicaStanding s = byReplica.get(replica);
        Instant due = s == null ? null : s.restarts.due();
        return due != null && now.isBefore(due);
    }

    @Override
    public boolean gaveUp(long replica) {
        ReplicaStanding s = byReplica.get(replica);
        return s != null && s.restarts.gaveUp();
    }

    @Override
    public boolean unhealthy(long replica) {
        HealthMonitor monitor = health.get();
        return monitor != null && HealthVerdict.UNHEALTHY.equals(monitor.verdict(replica));
    }
}
