package dev.berth.agent.cluster;

import java.time.Duration;
import java.util.List;

/**
 * What convergence needs of the node: its replica containers, and the lifecycle calls to change them. Containers
 * without a {@code berth.replica} label are not listed, and so never touched.
 */
public interface NodeContainers {
    /** Label keys on the containers the agent makes for the cluster. */
    String REPLICA = "berth.replica";
    String SPEC_VERSION = "berth.spec-version";
    String TENANT = "berth.tenant";
    String APP = "berth.app";
    String SERVICE = "berth.service";
    String SLOT = "berth.slot";

    /** Every container labelled with a replica, whatever its state. */
    List<ReplicaContainer> replicas();

    boolean hasImage(String image);

    /** Pulls the image from its registry; throws when it cannot. */
    void pull(String image);

    /** Creates (not starts) the container of an assignment under {@code name}, labelled; its id. */
    String create(Assignment assignment, String name);

    void start(String id);

    /** SIGTERM, then SIGKILL after {@code timeout}; returns once it has exited. */
    void stop(String id, Duration timeout);

    /** Removes the container, killing it first if it runs. */
    void remove(String id);

    /** The names of the images the node holds, for the scheduler's image locality. */
    List<String> images();
}
