package dev.berth.scheduler.rollout;

/**
 * A replica as the rollout planner sees it.
 *
 * @param id the replica
 * @param slot its index in the service (0 .. replicas-1); during a rollout a slot may hold an old and a new replica
 * @param current whether it runs the service's current template (image, command, resources, ...)
 * @param mustMove whether it has to leave its node (the node is draining)
 * @param health what the agent last reported, sorted into what the planner acts on
 */
public record ReplicaView(long id, int slot, boolean current, boolean mustMove, Health health) {

    /** What the planner acts on. */
    public enum Health {
        /** Not placed or not yet reported running (healthy, when it has a health check). */
        STARTING,
        /** Serving: healthy, or running when the spec has no health check. */
        AVAILABLE,
        /** Failed its health check, exited for good, or restarting in a loop. */
        FAILED
    }

    boolean available() {
        return health == Health.AVAILABLE;
    }

    /** A replica that is to be replaced in its slot: an older template, or on a draining node. */
    boolean outdated() {
        return !current || mustMove;
    }
}
