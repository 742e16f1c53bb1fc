package dev.berth.agent.cgroup;

import java.util.Set;

/**
 * One cgroup filesystem of the mount table.
 *
 * @param mountPoint where it is mounted, as the mount table writes it ({@code /sys/fs/cgroup/memory})
 * @param root the cgroup of the hierarchy that is mounted there, {@code /} unless a cgroup namespace or a bind mount
 *     shows a subtree
 * @param unified true for cgroup2, false for a v1 hierarchy
 * @param controllers the v1 controllers of the hierarchy ({@code cpu} and {@code cpuacct} for a combined
 *     {@code cpu,cpuacct}), and {@code name=...} for a named one; empty for cgroup2
 */
record CgroupMount(String mountPoint, String root, boolean unified, Set<String> controllers) {

    CgroupMount {
        controllers = Set.copyOf(controllers);
    }

    /** As an error message shows it: {@code cgroup2 at /sys/fs/cgroup/unified}, {@code cgroup (memory) at ...}. */
    String describe() {
        if (unified) {
            return "cgroup2 at " + mountPoint;
        }
        return "cgroup (" + String.join(",", controllers.stream().sorted().toList()) + ") at " + mountPoint;
    }
}
