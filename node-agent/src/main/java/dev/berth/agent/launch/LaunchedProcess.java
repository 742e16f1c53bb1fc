package dev.berth.agent.launch;

import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * A container's first process (or an exec'd one), running: its pid in the host's PID namespace.
 *
 * @param ptyMaster the master of its terminal, which the caller now owns, or -1 without one
 */
public record LaunchedProcess(int pid, int ptyMaster) {

    public LaunchedProcess(int pid) {
        this(pid, -1);
    }

    /**
     * What a launch split between a spawning thread and a placing thread (the one that moves the child into its
     * cgroup and opens the gate) comes to: the process, or the failure. A placing failure comes first: the child it
     * killed is reaped here. A terminal's master is closed on any failure.
     */
    static LaunchedProcess settle(Syscalls sys, int spawnedPid, int ptyMaster, @Nullable Throwable placing,
                                  @Nullable Throwable spawning, String what) {
        if ((placing != null || spawning != null) && ptyMaster >= 0) {
            sys.close(ptyMaster);
        }
        if (placing != null) {
            if (spawnedPid > 0) {
                try {
                    sys.waitpid(spawnedPid, false);
                } catch (SyscallException ignored) {
                    // Reaped by posix_spawn already.
                }
            }
            throw rethrow(placing, what);
        }
        if (spawning != null) {
            throw rethrow(spawning, what);
        }
        return new LaunchedProcess(spawnedPid, ptyMaster);
    }

    private static RuntimeException rethrow(Throwable error, String what) {
        if (error instanceof RuntimeException runtime) {
            return runtime;
        }
        return new LaunchException(what + " failed: " + error, error);
    }
}
