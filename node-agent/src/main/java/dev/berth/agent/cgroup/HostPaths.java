package dev.berth.agent.cgroup;

import java.nio.file.Path;

/**
 * Where the node agent reads the kernel's view of cgroups. On a host every path is the real one; tests point them at a
 * temporary tree, and {@code root} then stands for {@code /} when a mount point from {@code mountinfo} is resolved.
 *
 * @param root the directory that mount points are relative to, {@code /} on a host
 * @param mountinfo the mount table, {@code /proc/self/mountinfo}
 * @param selfCgroup the node agent's own cgroups, {@code /proc/self/cgroup}
 * @param meminfo the host's memory, {@code /proc/meminfo}
 */
public record HostPaths(Path root, Path mountinfo, Path selfCgroup, Path meminfo) {

    public static HostPaths system() {
        return new HostPaths(Path.of("/"), Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"),
                Path.of("/proc/meminfo"));
    }

    /** An absolute path as the mount table writes it, such as {@code /sys/fs/cgroup/memory}, under {@link #root}. */
    public Path resolve(String absolute) {
        return root.resolve(absolute.replaceFirst("^/+", ""));
    }
}
