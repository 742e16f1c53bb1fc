package dev.berth.agent.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How this node takes part in a cluster.
 *
 * @param schedulers the base URIs of the scheduler's replicas, any of which serves agents; empty when the node is on
 *     its own (the default)
 * @param nodeId the node's id in the cluster
 * @param address where the scheduler records the agent as reachable ({@code host:port})
 * @param labels the node's labels, for placement constraints and spread
 * @param heartbeat the pause between heartbeats
 * @param capacity what the node offers to placement
 * @param stopTimeout how long a replica is given to exit after SIGTERM before SIGKILL
 * @param watchIdle how long the assignment stream may stay silent (no change, no keepalive) before it is reopened
 */
public record ClusterSettings(List<URI> schedulers, String nodeId, String address, Map<String, String> labels,
                              Duration heartbeat, Capacity capacity, Duration stopTimeout, Duration watchIdle) {

    /**
     * @param cpu cores ({@code "4"}) or millicores ({@code "3500m"})
     * @param memory bytes, as a decimal string
     * @param pids the most processes the node's replicas may run together
     * @param portMin the lowest host port replicas may publish
     * @param portMax the highest
     */
    public record Capacity(String cpu, String memory, long pids, int portMin, int portMax) {
        public Capacity {
            if (portMin < 1 || portMax > 65535 || portMin > portMax) {
                throw new IllegalArgumentException("berth.agent.cluster.ports: min " + portMin + " and max " + portMax
                        + " are not a range within 1-65535");
            }
            if (pids < 1) {
                throw new IllegalArgumentException("berth.agent.cluster.pids must be 1 or more, not " + pids);
            }
        }
    }

    public ClusterSettings {
        schedulers = List.copyOf(schedulers);
        labels = Map.copyOf(labels);
        if (nodeId.isBlank()) {
            throw new IllegalArgumentException("berth.agent.cluster.node-id must not be blank");
        }
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("berth.agent.cluster.heartbeat must be positive, not " + heartbeat);
        }
    }

    /** These settings with the address the agent turned out to listen at. */
    public ClusterSettings withAddress(String resolved) {
        return new ClusterSettings(schedulers, nodeId, resolved, labels, heartbeat, capacity, stopTimeout, watchIdle);
    }

    /** The first scheduler named; null when the node is on its own. */
    public @Nullable URI scheduler() {
        return schedulers.isEmpty() ? null : schedulers.getFirst();
    }

    public boolean enabled() {
        return !schedulers.isEmpty();
    }
}
