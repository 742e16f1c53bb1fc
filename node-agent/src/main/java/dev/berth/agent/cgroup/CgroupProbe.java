package dev.berth.agent.cgroup;

import dev.berth.agent.linux.Syscalls;
import java.util.List;
import java.util.Optional;

/**
 * Decides from the mount table which cgroup version the host needs, and builds its {@link CgroupManager}.
 *
 * <ul>
 *   <li>Unified: {@code /sys/fs/cgroup} itself is a cgroup2 mount. v2.
 *   <li>Legacy: v1 hierarchies (memory, cpu, ...) are mounted. v1.
 *   <li>Hybrid: v1 hierarchies plus a cgroup2 at {@code /sys/fs/cgroup/unified}. v1, since systemd mounts that cgroup2
 *       only to track its services; every controller belongs to a v1 hierarchy, so it could limit nothing.
 * </ul>
 */
public final class CgroupProbe {

    public static final String AUTO = "auto";

    private static final String UNIFIED_MOUNT_POINT = "/sys/fs/cgroup";

    private final Syscalls syscalls;
    private final HostPaths host;
    private final CgroupFiles files;
    private final String parent;

    /** On this host, from {@code /proc/self/mountinfo}. */
    public CgroupProbe(Syscalls syscalls) {
        this(syscalls, HostPaths.system());
    }

    public CgroupProbe(Syscalls syscalls, HostPaths host) {
        this(syscalls, host, new CgroupFiles());
    }

    CgroupProbe(Syscalls syscalls, HostPaths host, CgroupFiles files) {
        this(syscalls, host, files, BerthTree.PARENT);
    }

    private CgroupProbe(Syscalls syscalls, HostPaths host, CgroupFiles files, String parent) {
        this.syscalls = syscalls;
        this.host = host;
        this.files = files;
        this.parent = parent;
    }

    /**
     * This probe, with the containers' cgroups under {@code parent} instead of {@code berth}, so that agents sharing a
     * host keep their containers apart (and an operator can limit or account each agent's containers as a whole).
     */
    public CgroupProbe withParent(String parent) {
        return new CgroupProbe(syscalls, host, files, BerthTree.parentName(parent));
    }

    /** The manager the host needs. */
    public CgroupManager manager() {
        return manager(AUTO);
    }

    /**
     * @param mode {@code auto} to decide from the mount table, or {@code v1} or {@code v2} to insist on one; throws
     *     {@link CgroupException} saying what the mount table holds when that version is not there
     */
    public CgroupManager manager(String mode) {
        List<CgroupMount> mounts = MountInfo.cgroupMounts(host.mountinfo());
        return switch (mode) {
            case AUTO -> auto(mounts);
            case "v1" -> v1(mounts).orElseThrow(() -> notFound("cgroup v1 was asked for, but no v1 controller is"
                    + " mounted", mounts));
            case "v2" -> v2(mounts).orElseThrow(() -> notFound("cgroup v2 was asked for, but no cgroup2 is mounted",
                    mounts));
            default -> throw new CgroupException("unknown cgroup mode '" + mode + "': expected auto, v1 or v2");
        };
    }

    private CgroupManager auto(List<CgroupMount> mounts) {
        boolean unified = mounts.stream().anyMatch(m -> m.unified() && m.mountPoint().equals(UNIFIED_MOUNT_POINT));
        if (unified) {
            return v2(mounts).orElseThrow();
        }
        return v1(mounts).orElseThrow(() -> notFound("no usable cgroup hierarchy: neither a cgroup2 at "
                + UNIFIED_MOUNT_POINT + " nor a v1 controller", mounts));
    }

    private Optional<CgroupManager> v1(List<CgroupMount> mounts) {
        boolean controllers = mounts.stream().filter(m -> !m.unified())
                .anyMatch(m -> m.controllers().stream().anyMatch(c -> !c.startsWith("name=")));
        return controllers ? Optional.of(new CgroupV1Manager(syscalls, host, files, parent)) : Optional.empty();
    }

    /** The cgroup2 at {@code /sys/fs/cgroup} if there is one, else the first elsewhere. */
    private Optional<CgroupManager> v2(List<CgroupMount> mounts) {
        List<CgroupMount> unified = mounts.stream().filter(CgroupMount::unified).toList();
        return unified.stream().filter(m -> m.mountPoint().equals(UNIFIED_MOUNT_POINT)).findFirst()
                .or(() -> unified.stream().findFirst())
                .map(m -> new CgroupV2Manager(syscalls, host.resolve(m.mountPoint()), parent, host.meminfo(), files));
    }

    private CgroupException notFound(String problem, List<CgroupMount> mounts) {
        String found = mounts.isEmpty() ? "no cgroup filesystem"
                : String.join("; ", mounts.stream().map(CgroupMount::describe).toList());
        return new CgroupException(problem + " (" + host.mountinfo() + " has " + found + ")");
    }
}
