package dev.berth.agent.cgroup;

import dev.berth.agent.linux.Syscalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Container cgroups on the unified hierarchy (cgroup v2), under {@code <root>/berth} or another parent (the layout
 * is drawn in {@link BerthTree}). The memory, cpu and pids controllers are enabled for the children of the root and
 * of the parent, as far as the host offers them. It holds no state, so threads may share it.
 */
public final class CgroupV2Manager implements CgroupManager {

    /** The controllers Berth uses, in the order they are enabled. */
    private static final List<String> CONTROLLERS = List.of("memory", "cpu", "pids");

    private final Syscalls syscalls;
    private final Path root;
    private final String parent;
    private final Path meminfo;
    private final CgroupFiles files;

    /** On this host: the hierarchy at {@code /sys/fs/cgroup}. */
    public CgroupV2Manager(Syscalls syscalls) {
        this(syscalls, Path.of("/sys/fs/cgroup"), HostPaths.system().meminfo());
    }

    /**
     * @param root where the unified hierarchy is mounted (or a delegated subtree of it)
     * @param meminfo the host's {@code /proc/meminfo}, for the memory limit of a cgroup that has none
     */
    public CgroupV2Manager(Syscalls syscalls, Path root, Path meminfo) {
        this(syscalls, root, meminfo, new CgroupFiles());
    }

    CgroupV2Manager(Syscalls syscalls, Path root, Path meminfo, CgroupFiles files) {
        this(syscalls, root, BerthTree.PARENT, meminfo, files);
    }

    CgroupV2Manager(Syscalls syscalls, Path root, String parent, Path meminfo, CgroupFiles files) {
        this.syscalls = syscalls;
        this.root = root;
        this.parent = BerthTree.parentName(parent);
        this.meminfo = meminfo;
        this.files = files;
    }

    @Override
    public String version() {
        return "v2";
    }

    /**
     * Makes {@code <parent>/<id>} and writes its limits; a leftover cgroup of the same id is refused, and one that fails
     * half-way is removed. A limit whose controller the host does not offer is refused before anything is made.
     */
    @Override
    public Cgroup create(String containerId, Resources resources) {
        Path dir = BerthTree.container(root, parent, containerId);
        Path parentDir = dir.getParent();
        enableControllers(root);
        files.mkdir(parentDir);
        enableControllers(parentDir);
        requireControllers(parentDir, resources);
        if (!files.mkdir(dir)) {
            throw new CgroupException("mkdir " + dir + ": File exists (a cgroup of container " + containerId
                    + " is left over; destroy it first)");
        }
        try {
            limitMemory(dir, resources);
            limitCpu(dir, resources);
        } catch (RuntimeException e) {
            try {
                files.rmdir(dir);
            } catch (CgroupException removal) {
                e.addSuppressed(removal);
            }
            throw e;
        }
        return new V2Cgroup(containerId, dir, resources.pidsLimit(), meminfo, files, syscalls);
    }

    @Override
    public Optional<Cgroup> find(String containerId) {
        Path dir = BerthTree.container(root, parent, containerId);
        return files.exists(dir)
                ? Optional.of(new V2Cgroup(containerId, dir, null, meminfo, files, syscalls))
                : Optional.empty();
    }

    /**
     * A child cgroup has the files of a controller only once its parent lists it in {@code cgroup.subtree_control}.
     * Only what is missing is written, in one write: {@code +memory +cpu +pids}.
     */
    private void enableControllers(Path cgroup) {
        List<String> offered = files.readWords(cgroup.resolve("cgroup.controllers"));
        List<String> enabled = files.readWords(cgroup.resolve("cgroup.subtree_control"));
        List<String> toEnable = new ArrayList<>();
        for (String controller : CONTROLLERS) {
            if (offered.contains(controller) && !enabled.contains(controller)) {
                toEnable.add("+" + controller);
            }
        }
        if (!toEnable.isEmpty()) {
            files.write(cgroup.resolve("cgroup.subtree_control"), String.join(" ", toEnable));
        }
    }

    private void requireControllers(Path parent, Resources resources) {
        List<String> enabled = files.readWords(parent.resolve("cgroup.subtree_control"));
        List<String> needed = new ArrayList<>();
        if (resources.memoryBytes() != null) {
            needed.add("memory");
        }
        if (resources.cpuQuotaMicros() != null) {
            needed.add("cpu");
        }
        if (resources.pidsLimit() != null) {
            needed.add("pids");
        }
        needed.removeAll(enabled);
        if (!needed.isEmpty()) {
            Path offered = root.resolve("cgroup.controllers");
            throw new CgroupException("cgroup v2: the limits need the " + String.join(", ", needed)
                    + " controller(s), which " + parent + " does not get (" + offered + ": "
                    + String.join(" ", files.readWords(offered)) + ")");
        }
    }

    /** swap.max 0: no swap on top of the memory limit, as v1's memsw. Absent without swap accounting. */
    private void limitMemory(Path dir, Resources resources) {
        Long bytes = resources.memoryBytes();
        if (bytes == null) {
            return;
        }
        files.write(dir.resolve("memory.max"), Long.toString(bytes));
        Path swap = dir.resolve("memory.swap.max");
        if (files.exists(swap)) {
            files.write(swap, "0");
        }
    }

    /** Without a quota, {@code max <period>} still sets the period; a host without the cpu controller skips it. */
    private void limitCpu(Path dir, Resources resources) {
        Long quota = resources.cpuQuotaMicros();
        Path cpuMax = dir.resolve("cpu.max");
        if (quota == null && !files.exists(cpuMax)) {
            return;
        }
        files.write(cpuMax, (quota == null ? "max" : Long.toString(quota)) + " " + resources.cpuPeriodMicros());
    }
}
