package dev.berth.agent.cluster;

/**
 * One container this node should run, as the scheduler assigns it.
 *
 * @param replica the replica's id, the container's identity in the cluster (its {@code berth.replica} label)
 * @param specVersion the service version it runs; another version means another container
 * @param name the container's name ({@code tenant.app.service.slot})
 * @param desired {@code running}
 */
public record Assignment(long replica, String tenant, String app, String service, int slot, int specVersion,
                         String name, String desired, ReplicaSpec spec) {}
