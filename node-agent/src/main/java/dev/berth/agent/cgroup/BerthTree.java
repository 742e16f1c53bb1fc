package dev.berth.agent.cgroup;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where Berth puts container cgroups: under one parent, {@code berth} unless the agent is given another
 * ({@code berth.agent.cgroup-parent}: agents sharing a host each need their own), in each hierarchy, one cgroup per
 * container. The parent is shared by every container of the agent and is never removed.
 *
 * <pre>
 * cgroup v1: one hierarchy per controller (cpu and cpuacct may share one, mounted as "cpu,cpuacct")
 *
 * /sys/fs/cgroup/
 * |-- memory/
 * |   |-- system.slice/berth-agent.service/  the node agent; returnThread() puts a launcher thread back here
 * |   `-- berth/
 * |       |-- 3f2a9c01/                      memory.limit_in_bytes, then memory.memsw.limit_in_bytes
 * |       `-- 9c41e7b2/
 * |-- cpu/berth/3f2a9c01/                    cpu.cfs_period_us, then cpu.cfs_quota_us
 * |-- cpuacct/berth/3f2a9c01/                cpuacct.usage
 * |-- pids/berth/3f2a9c01/                   pids.max, by limitPids() once the launcher thread has left
 * |-- devices/berth/3f2a9c01/                "a" to devices.deny, then devices.allow, one DeviceRules line a write
 * `-- freezer/berth/3f2a9c01/                freezer.state, FROZEN while destroy() kills
 *
 * cgroup v2: one unified hierarchy
 *
 * /sys/fs/cgroup/                            cgroup.subtree_control += "+memory +cpu +pids" (those it offers)
 * `-- berth/                                 cgroup.subtree_control += the same
 *     |-- 3f2a9c01/                          memory.max, memory.swap.max, cpu.max, pids.max, cgroup.procs
 *     `-- 9c41e7b2/
 * </pre>
 */
final class BerthTree {

    public static final String PARENT = "berth";

    /** The id becomes a directory name, so it must not be able to name another directory ({@code ..}, {@code a/b}). */
    private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    /** One directory level, for the same reason. */
    private static final Pattern PARENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private BerthTree() {}

    /** Checks a parent's name before anything is made with it; returns it. */
    static String parentName(String parent) {
        if (!PARENT_NAME.matcher(parent).matches()) {
            throw new CgroupException("invalid cgroup parent '" + parent + "': expected one directory name of 1 to 64"
                    + " of [A-Za-z0-9_.-], not starting with . or -");
        }
        return parent;
    }

    static Path container(Path hierarchy, String parent, String containerId) {
        if (!CONTAINER_ID.matcher(containerId).matches()) {
            throw new IllegalArgumentException("invalid container id '" + containerId
                    + "' for a cgroup name: expected 1 to 128 of [A-Za-z0-9_.-], not starting with . or -");
        }
        return hierarchy.resolve(parent).resolve(containerId);
    }
}
