package dev.berth.agent.cgroup;

import dev.berth.agent.linux.Syscalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Container cgroups on cgroup v1, in the memory, cpu, cpuacct, pids, devices and freezer hierarchies, wherever
 * {@code /proc/self/mountinfo} says each is mounted (the layout is drawn in {@link BerthTree}). It holds no state
 * beyond the mount table read when it is built, so threads may share it.
 */
public final class CgroupV1Manager implements CgroupManager {

    private final Syscalls syscalls;
    private final CgroupFiles files;
    private final V1Hierarchies hierarchies;

    /** On this host: the real mount table, {@code /proc/self/cgroup} and {@code /proc/meminfo}. */
    public CgroupV1Manager(Syscalls syscalls) {
        this(syscalls, HostPaths.system());
    }

    /** Reads the mount table at once; throws {@link CgroupException} naming any controller that is not mounted. */
    public CgroupV1Manager(Syscalls syscalls, HostPaths host) {
        this(syscalls, host, new CgroupFiles());
    }

    CgroupV1Manager(Syscalls syscalls, HostPaths host, CgroupFiles files) {
        this(syscalls, host, files, BerthTree.PARENT);
    }

    CgroupV1Manager(Syscalls syscalls, HostPaths host, CgroupFiles files, String parent) {
        this.syscalls = syscalls;
        this.files = files;
        this.hierarchies = V1Hierarchies.of(MountInfo.cgroupMounts(host.mountinfo()), host, parent);
    }

    @Override
    public String version() {
        return "v1";
    }

    /**
     * Makes {@code <parent>/<id>} in every hierarchy and writes the limits. A cgroup left by an earlier container of the
     * same id is refused rather than reused, since it may still hold processes and rules. If anything fails, the
     * directories made so far are removed before the error is thrown.
     */
    @Override
    public Cgroup create(String containerId, Resources resources) {
        Map<V1Controller, Path> dirs = hierarchies.containerDirs(containerId);
        List<Path> made = new ArrayList<>();
        try {
            for (Path dir : V1Hierarchies.distinct(dirs)) {
                files.mkdir(dir.getParent());
                if (!files.mkdir(dir)) {
                    throw new CgroupException("mkdir " + dir + ": File exists (a cgroup of container " + containerId
                            + " is left over; destroy it first)");
                }
                made.add(dir);
            }
            limitMemory(dirs.get(V1Controller.MEMORY), resources);
            limitCpu(dirs.get(V1Controller.CPU), resources);
            confineDevices(dirs.get(V1Controller.DEVICES));
        } catch (RuntimeException e) {
            removeAfterFailure(made, e);
            throw e;
        }
        return new V1Cgroup(containerId, resources.pidsLimit(), hierarchies, files, syscalls);
    }

    /**
     * Present if any of its directories is, so that a cgroup half removed by a crash can still be destroyed. The
     * cgroup found knows no pids limit: {@link Cgroup#limitPids()} does nothing on it.
     */
    @Override
    public Optional<Cgroup> find(String containerId) {
        boolean present = V1Hierarchies.distinct(hierarchies.containerDirs(containerId)).stream()
                .anyMatch(files::exists);
        return present ? Optional.of(new V1Cgroup(containerId, null, hierarchies, files, syscalls)) : Optional.empty();
    }

    /**
     * A new cgroup's memsw limit starts unlimited, and the kernel refuses a memory limit above the memsw limit, so the
     * memory limit goes first. memsw then gets the same value: no swap on top of the limit. Without swap accounting
     * (no memsw file) the kernel cannot hold swap back, as with Docker there.
     */
    private void limitMemory(Path memory, Resources resources) {
        Long bytes = resources.memoryBytes();
        if (bytes == null) {
            return;
        }
        files.write(memory.resolve("memory.limit_in_bytes"), Long.toString(bytes));
        Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
        if (files.exists(memsw)) {
            files.write(memsw, Long.toString(bytes));
        }
    }

    /** The period first: the kernel checks a quota against the period in force. */
    private void limitCpu(Path cpu, Resources resources) {
        Long quota = resources.cpuQuotaMicros();
        if (quota == null) {
            return;
        }
        files.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(resources.cpuPeriodMicros()));
        files.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quota));
    }

    private void confineDevices(Path devices) {
        files.write(devices.resolve("devices.deny"), DeviceRules.DENY_ALL);
        for (String rule : DeviceRules.ALLOWED) {
            files.write(devices.resolve("devices.allow"), rule);
        }
    }

    private void removeAfterFailure(List<Path> made, RuntimeException failure) {
        for (Path dir : made.reversed()) {
            try {
                files.rmdir(dir);
            } catch (CgroupException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
