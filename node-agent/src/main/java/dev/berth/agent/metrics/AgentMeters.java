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
    EXITS("berth.container.exits", "Container exits by reason");

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
