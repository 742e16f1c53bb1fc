package dev.berth.agent.metrics;

/**
 * Every meter the node agent publishes (at {@code /actuator/prometheus}), with what it measures.
 */
public enum AgentMeters {
    /** Gauge: containers on this node, tagged {@code state} = created, running or exited. */
    CONTAINERS("berth.containers", "Containers on this node by state"),
    /** Timer: from the launch call to the entrypoint's exec, tagged {@code mode} = fast or portable. */
    LAUNCH("berth.container.launch", "Time from launch to the entrypoint's exec"),
    /** Counter: launches that failed, tagged {@code reason} = entrypoint or runtime. */
    LAUNCH_FAILURES("berth.container.launch.failures", "Launches that did not reach the entrypoint"),
    /** Counter: container exits, tagged {@code reason} = exited, signalled or oom. */
    EXITS("berth.container.exits", "Container exits by reason"),
    /** Counter: bytes of container output log-service acknowledged. */
    LOGS_SHIPPED_BYTES("berth.logs.shipped.bytes", "Log bytes acknowledged by log-service"),
    /** Counter: bytes records in acknowledged batches. */
    LOGS_SHIPPED_RECORDS("berth.logs.shipped.records", "Log records acknowledged by log-service"),
    /** Timer: one batch, from the request to its acks. */
    LOGS_BATCH("berth.logs.batch", "Time to ship one batch of logs"),
    /**
     * Counter: batches not acknowledged, tagged {@code reason} = unreachable, throttled, unavailable (5xx) or
     * refused (a 4xx for a stream, which is then stopped).
     */
    LOGS_FAILURES("berth.logs.failures", "Log batches not acknowledged, by reason"),
    /** Gauge: bytes written by containers and indexed, not yet acknowledged (nor dropped), on the whole node. */
    LOGS_SPOOL("berth.logs.spool.bytes", "Unshipped log bytes on this node"),
    /** Gauge: seconds since the oldest unshipped byte arrived; 0 when all is shipped. */
    LOGS_LAG("berth.logs.lag", "Seconds since the oldest unshipped log byte arrived"),
    /** Counter: unshipped bytes skipped because the spool went past its cap (drop-oldest). */
    LOGS_DROPPED("berth.logs.dropped.bytes", "Log bytes dropped past the spool cap"),
    /** Counter: heartbeats sent to the scheduler, tagged {@code result} = ok, unregistered (404: register again) or failed. */
    CLUSTER_HEARTBEATS("berth.cluster.heartbeats", "Heartbeats sent to the scheduler, by result"),
    /** Counter: heartbeats sent before their time because a replica's state, health or restarts changed. */
    CLUSTER_HEARTBEATS_EARLY("berth.cluster.heartbeats.early", "Heartbeats sent early to report a replica's change"),
    /** Counter: registrations with the scheduler, tagged {@code result} = ok or failed. */
    CLUSTER_REGISTRATIONS("berth.cluster.registrations", "Registrations with the scheduler, by result"),
    /**
     * Counter: the assignment stream opened again, tagged {@code reason} = error (it broke or could not be opened),
     * ended (the scheduler closed it), idle (silent too long) or behind (heartbeats showed newer revisions for long).
     */
    CLUSTER_WATCH_RECONNECTS("berth.cluster.watch.reconnects", "Assignment stream reconnects, by reason"),
    /** Counter: assignment messages the agent could not read and skipped (logged with the reason). */
    CLUSTER_WATCH_REJECTED("berth.cluster.watch.rejected", "Assignment messages skipped as unreadable"),
    /**
     * Counter: convergence actions, tagged {@code action} = create, replace, start, restart-unhealthy or remove and
     * {@code result} = ok or failed.
     */
    CLUSTER_CONVERGE("berth.cluster.converge", "Convergence actions on replica containers, by action and result"),
    /** Counter: replica containers restarted by their restart policy (after an exit, or unhealthy). */
    CLUSTER_RESTARTS("berth.cluster.restarts", "Replica containers restarted by policy"),
    /** Gauge: replicas the scheduler assigns to this node. */
    CLUSTER_ASSIGNED("berth.cluster.assigned", "Replicas assigned to this node");

    private final String meterName;
    private final String description;

    AgentMeters(String meterName, String description) {
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
