package dev.berth.agent.launch;

/**
 * A container's first process (or an exec'd one), running: its pid in the host's PID namespace.
 *
 * @param ptyMaster the master of its terminal, which the caller now owns, or -1 without one
 */
public record LaunchedProcess(int pid, int ptyMaster) {

    public LaunchedProcess(int pid) {
        this(pid, -1);
    }
}
