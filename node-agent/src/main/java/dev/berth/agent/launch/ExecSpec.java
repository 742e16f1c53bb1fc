package dev.berth.agent.launch;

import dev.berth.agent.cgroup.Cgroup;
import java.nio.file.Path;

/**
 * One process to start inside a running container; validated before it gets here.
 *
 * @param containerPid the host pid of the container's first process, whose namespaces the process joins
 * @param process what to run and as whom ({@code init} is ignored)
 * @param stdio the agent's descriptors for its 0, 1 and 2, or a terminal
 * @param cgroup the container's cgroup, which the process joins before it execs
 * @param gatePath where the start gate's FIFO is made, in a private directory of the agent
 */
public record ExecSpec(int containerPid, ProcessSpec process, LaunchSpec.Stdio stdio, Cgroup cgroup, Path gatePath) {}
