package dev.berth.agent.linux;

import java.util.Optional;

/**
 * The kernel calls that start, signal and reap processes: all that the supervisor needs. Failures throw
 * {@link SyscallException}.
 */
public interface ProcessCalls {

    /**
     * posix_spawn(3). Returns the child's pid once it has exec'd. A failed exec or file action throws
     * {@link SyscallException} for call {@code exec} with the errno the child saw; that child is already reaped.
     */
    int posixSpawn(SpawnRequest request);

    void kill(int pid, int signal);

    /** waitpid(2) for one child; empty with {@code noHang} when it has not exited yet. */
    Optional<WaitStatus> waitpid(int pid, boolean noHang);

    /**
     * waitid(P_ALL, WEXITED | WNOWAIT): blocks until a child of this process has exited and returns its status,
     * leaving it a zombie, so that its pid cannot be reused and {@code /proc/PID} can still be read until
     * {@link #waitpid} reaps it. Empty when this process has no children (ECHILD).
     */
    Optional<WaitStatus> waitForExitedChild();

    /**
     * prctl(PR_SET_CHILD_SUBREAPER, 1): processes orphaned below this one become its children, rather than init's,
     * so that it can learn how they end.
     */
    void becomeChildSubreaper();
}
