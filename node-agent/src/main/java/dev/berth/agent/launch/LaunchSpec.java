package dev.berth.agent.launch;

import dev.berth.agent.cgroup.Cgroup;
import dev.berth.agent.rootfs.RootfsSpec;
import java.nio.file.Path;

/**
 * Everything a launcher needs to start one container's first process; validated before it gets here.
 *
 * @param containerId the container's id
 * @param rootfs its root filesystem
 * @param process what to run and as whom
 * @param hostname its UTS hostname
 * @param stdio the agent's descriptors that become the process's stdin, stdout and stderr
 * @param cgroup its cgroup, created with its limits
 * @param runtimeDir a private directory of the agent for this launch (the gate lives there)
 * @param network what plumbs its network namespace
 */
public record LaunchSpec(String containerId, RootfsSpec rootfs, ProcessSpec process, String hostname, Stdio stdio,
                         Cgroup cgroup, Path runtimeDir, NetworkSetup network) {

    /**
     * Descriptors of the agent, duplicated onto 0, 1 and 2 of the child.
     *
     * @param stdin a descriptor, or -1 for the container's {@code /dev/null}
     */
    public record Stdio(int stdin, int stdout, int stderr) {}
}
