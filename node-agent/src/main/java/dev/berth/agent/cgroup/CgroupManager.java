package dev.berth.agent.cgroup;

import java.util.Optional;

/** Creates and finds container cgroups under Berth's own parent ({@code berth/}) of the host's hierarchy. */
public interface CgroupManager {

    /** {@code v1} or {@code v2}. */
    String version();

    /**
     * Creates the container's cgroup and writes its memory and CPU limits (the pids limit is deferred, see
     * {@link Cgroup#limitPids()}). Throws {@link CgroupException} naming the file when the kernel refuses a value.
     */
    Cgroup create(String containerId, Resources resources);

    /** The cgroup of a container created earlier, if it still exists (after an agent restart, for instance). */
    Optional<Cgroup> find(String containerId);
}
