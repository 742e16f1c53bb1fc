package dev.berth.scheduler.metrics;

/** Every meter the scheduler publishes (at {@code /actuator/prometheus}), with what it measures. */
public enum SchedulerMeters {
    /** Counter: placement decisions, tagged {@code result} = placed or unplaceable. */
    PLACEMENTS("berth.scheduler.placements", "Placement decisions"),
    /** Timer: how long one placement decision took (filters, scorers, selection), without the commit. */
    DECISION("berth.scheduler.placement.decision", "Placement decision latency"),
    /** Counter: placement rounds decided again because a node changed before the commit. */
    CONFLICTS("berth.scheduler.placement.conflicts", "Placement rounds retried after a node version conflict"),
    /** Timer: reconciliation passes of the leader. */
    PASSES("berth.scheduler.reconcile.passes", "Reconciliation passes"),
    /** Counter: replicas taken off down nodes to be placed again. */
    MOVED("berth.scheduler.replicas.moved", "Replicas rescheduled off down nodes"),
    /** Counter: rollouts rolled back automatically because a new replica failed. */
    ROLLBACKS("berth.scheduler.rollouts.rolled.back", "Rollouts rolled back automatically"),
    /** Gauge: 1 while this replica leads, else 0. */
    LEADER("berth.scheduler.leader", "Whether this scheduler replica is the leader");

    private final String meterName;
    private final String description;

    SchedulerMeters(String meterName, String description) {
        this.meterName = meterName;
        this.description = description;
    }

    public String meterName() {
        return meterName;
    }

    public String description() {
        return description;
    }
}
