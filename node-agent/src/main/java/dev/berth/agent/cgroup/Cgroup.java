package dev.berth.agent.cgroup;

import java.util.List;

/**
 * One container's cgroup, across every controller Berth uses.
 *
 * <p>How a container gets in before its entrypoint runs depends on the version. On v1 a single thread can join a
 * cgroup, so the launcher thread joins ({@link #addThread}) before it unshares: its child is born inside, and the new
 * cgroup namespace is rooted at the container's cgroup. The launcher thread then leaves by exiting (or goes back with
 * {@link #returnThread}). On v2 only whole processes move, so the child is placed by pid ({@link #addProcess}) while
 * it waits at the gate.
 */
public interface Cgroup {

    String containerId();

    /** True on v1, where a thread of the agent may join the container's cgroups on its own. */
    boolean placesThreads();

    /** v1: moves one thread of the agent into every controller of this cgroup. */
    void addThread(int tid);

    /** v1: moves a thread back into the agent's own cgroups. */
    void returnThread(int tid);

    /** Moves a whole process (all its threads) into this cgroup. */
    void addProcess(int pid);

    /**
     * Writes the pids limit. It is deferred until the container's first process exists: on v1 the launcher thread is
     * still inside when it forks, and a limit of 1 would refuse that fork. The kernel checks the limit only on fork,
     * so writing it while the launcher thread is still counted is fine.
     */
    void limitPids();

    /** Whether this cgroup confines device access (v1 devices controller); if not, the launcher drops CAP_MKNOD. */
    boolean controlsDevices();

    /** The pids of the processes in the cgroup, from {@code cgroup.procs}. */
    List<Integer> processes();

    CgroupStats stats();

    /** How many times the kernel's OOM killer has killed a task of this cgroup. */
    long oomKills();

    /** Kills every process left in the cgroup with SIGKILL, then removes its directories. Idempotent. */
    void destroy();

    /**
     * Stops every task of the cgroup until {@link #thaw}, so that a copy of the container's files (a commit) sees no
     * write half done, as {@code docker commit} pauses. Returns false when this cgroup cannot be frozen; the caller
     * then goes on without.
     */
    default boolean freeze() {
        return false;
    }

    /** Lets the tasks of a frozen cgroup run again. */
    default void thaw() {}
}
