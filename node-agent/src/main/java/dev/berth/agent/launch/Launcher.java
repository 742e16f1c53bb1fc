package dev.berth.agent.launch;

/**
 * Starts a container's first process in its own namespaces, rootfs and cgroup. The process is a child of the agent;
 * the caller reaps it.
 */
public interface Launcher {

    /** {@code fast} or {@code portable}. */
    String mode();

    /**
     * Returns once the process has exec'd its entrypoint. Throws {@link EntrypointException} (126/127) when the command
     * cannot be executed, {@link LaunchException} or a {@code SyscallException} for anything else; nothing of the
     * launch is left running then.
     */
    LaunchedProcess launch(LaunchSpec spec);
}
