package dev.berth.agent.cgroup;

import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.Signal;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Empties cgroup directories with SIGKILL and removes them; the steps both versions share. */
final class CgroupTeardown {

    /** How long the processes of a cgroup get to die once killed; an exit that takes longer is stuck in the kernel. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    /** rmdir fails with EBUSY until the kernel has finished detaching the last exited task, a moment after exit. */
    static final Duration RMDIR_TIMEOUT = Duration.ofSeconds(2);

    /** How long an exiting thread of the node agent may take to leave a cgroup. */
    static final Duration AGENT_LEAVE_TIMEOUT = Duration.ofSeconds(1);

    private static final long POLL_MILLIS = 10;

    private final Syscalls syscalls;
    private final CgroupFiles files;

    CgroupTeardown(Syscalls syscalls, CgroupFiles files) {
        this.syscalls = syscalls;
        this.files = files;
    }

    /** The union of {@code cgroup.procs} of the directories; a directory that is gone has none. */
    Set<Integer> processes(Collection<Path> dirs) {
        Set<Integer> pids = new LinkedHashSet<>();
        for (Path dir : dirs) {
            pids.addAll(files.readPids(dir.resolve("cgroup.procs")));
        }
        return pids;
    }

    /**
     * Refuses to kill when the node agent's own process is inside, as it is while a launcher thread has joined and not
     * returned: SIGKILL would end the node agent, and freezing would stop its thread.
     */
    void refuseIfAgentInside(Collection<Path> dirs) {
        int self = syscalls.getpid();
        // A launcher thread that failed before its gatekeeper took it back leaves by exiting, a moment after its
        // Java side has finished: give it that moment.
        long deadline = System.nanoTime() + AGENT_LEAVE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && processes(dirs).contains(self)) {
            pause();
        }
        for (Path dir : dirs) {
            if (files.readPids(dir.resolve("cgroup.procs")).contains(self)) {
                throw new CgroupException("refusing to kill the processes of " + dir + ": the node agent (pid " + self
                        + ") has a thread inside; move it back with returnThread first");
            }
        }
    }

    /** Sends SIGKILL once to every process of the directories. */
    void killAll(Collection<Path> dirs) {
        for (int pid : processes(dirs)) {
            kill(pid);
        }
    }

    /** Kills until no process is left, polling; throws naming the survivors after {@link #DRAIN_TIMEOUT}. */
    void drain(Collection<Path> dirs) {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (true) {
            Set<Integer> left = processes(dirs);
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new CgroupException("processes " + left + " still in " + dirs + " " + DRAIN_TIMEOUT.toSeconds()
                        + " s after SIGKILL");
            }
            for (int pid : left) {
                kill(pid);
            }
            pause();
        }
    }

    /** Removes each directory, retrying while the kernel reports it busy; one already gone is fine. */
    void remove(List<Path> dirs) {
        for (Path dir : dirs) {
            long deadline = System.nanoTime() + RMDIR_TIMEOUT.toNanos();
            // The kernel frees a cgroup within microseconds of its last task's exit, mostly: back off from short waits.
            long waitNanos = 100_000;
            while (true) {
                try {
                    files.rmdir(dir);
                    break;
                } catch (CgroupException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(waitNanos);
                    waitNanos = Math.min(waitNanos * 2, POLL_MILLIS * 1_000_000);
                }
            }
        }
    }

    private void kill(int pid) {
        try {
            syscalls.kill(pid, Signal.SIGKILL.number());
        } catch (SyscallException e) {
            // It exited between reading cgroup.procs and the kill.
            if (e.errno() != Errno.ESRCH) {
                throw e;
            }
        }
    }

    static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("interrupted while waiting for a cgroup to empty", e);
        }
    }
}
