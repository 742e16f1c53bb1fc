/**
 * How a container's first process is born: in new namespaces, on its rootfs, in its cgroup, with its user and
 * capabilities. Two {@link dev.berth.agent.launch.Launcher}s: the fast path and the portable path.
 */
@NullMarked
package dev.berth.agent.launch;

import org.jspecify.annotations.NullMarked;
