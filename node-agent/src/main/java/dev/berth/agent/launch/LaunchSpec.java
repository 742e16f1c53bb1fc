package dev.berth.agent.launch;

import dev.berth.agent.cgroup.Cgroup;
import dev.berth.agent.rootfs.RootfsSpec;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

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
     * Descriptors of the agent, duplicated onto 0, 1 and 2 of the child; or a terminal.
     *
     * @param stdin a descriptor, or -1 for the container's {@code /dev/null}
     * @param terminal when not null, the child gets a new pty of the container's devpts as 0, 1 and 2 and as its
     *     controlling terminal, of this size, and the other descriptors are not used
     */
    public record Stdio(int stdin, int stdout, int stderr, @Nullable WindowSize terminal) {

        public Stdio(int stdin, int stdout, int stderr) {
            this(stdin, stdout, stderr, null);
        }
    }
}
