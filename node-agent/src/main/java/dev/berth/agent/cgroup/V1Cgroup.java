package dev.berth.agent.cgroup;

import dev.berth.agent.linux.Syscalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/** A container's cgroup on v1: one directory per controller, {@code <mount>/berth/<id>}. */
final class V1Cgroup implements Cgroup {

    /** A task in uninterruptible sleep keeps the cgroup FREEZING; past this the kill loop copes without the freeze. */
    private static final Duration FREEZE_TIMEOUT = Duration.ofSeconds(1);

    private final String containerId;
    private final Map<V1Controller, Path> dirs;
    private final List<Path> distinctDirs;
    private final @Nullable Long pidsLimit;
    private final V1Hierarchies hierarchies;
    private final CgroupFiles files;
    private final CgroupTeardown teardown;

    V1Cgroup(String containerId, @Nullable Long pidsLimit, V1Hierarchies hierarchies, CgroupFiles files,
             Syscalls syscalls) {
        this.containerId = containerId;
        this.dirs = hierarchies.containerDirs(containerId);
        this.distinctDirs = V1Hierarchies.distinct(dirs);
        this.pidsLimit = pidsLimit;
        this.hierarchies = hierarchies;
        this.files = files;
        this.teardown = new CgroupTeardown(syscalls, files);
    }

    @Override
    public String containerId() {
        return containerId;
    }

    @Override
    public boolean placesThreads() {
        return true;
    }

    @Override
    public void addThread(int tid) {
        for (Path dir : distinctDirs) {
            files.write(dir.resolve("tasks"), Integer.toString(tid));
        }
    }

    @Override
    public void returnThread(int tid) {
        for (Path dir : V1Hierarchies.distinct(hierarchies.agentDirs())) {
            files.write(dir.resolve("tasks"), Integer.toString(tid));
        }
    }

    @Override
    public void addProcess(int pid) {
        for (Path dir : distinctDirs) {
            files.write(dir.resolve("cgroup.procs"), Integer.toString(pid));
        }
    }

    @Override
    public void limitPids() {
        if (pidsLimit != null) {
            files.write(dir(V1Controller.PIDS).resolve("pids.max"), Long.toString(pidsLimit));
        }
    }

    @Override
    public boolean controlsDevices() {
        return true;
    }

    @Override
    public List<Integer> processes() {
        return files.readPids(dir(V1Controller.PIDS).resolve("cgroup.procs"));
    }

    @Override
    public CgroupStats stats() {
        Path memory = dir(V1Controller.MEMORY);
        long usage = files.readLong(memory.resolve("memory.usage_in_bytes"));
        // Hierarchical, like usage_in_bytes; the plain inactive_file leaves out child cgroups.
        long inactiveFile = files.readKeyed(memory.resolve("memory.stat"), "total_inactive_file").orElse(0);
        long limit = files.readLong(memory.resolve("memory.limit_in_bytes"));
        Path pids = dir(V1Controller.PIDS);
        return new CgroupStats(
                files.readLong(dir(V1Controller.CPUACCT).resolve("cpuacct.usage")),
                Math.max(0, usage - inactiveFile),
                HostMemory.effectiveLimit(OptionalLong.of(limit), hierarchies.host().meminfo()),
                files.readLong(pids.resolve("pids.current")),
                files.readLimit(pids.resolve("pids.max")).orElse(-1));
    }

    @Override
    public long oomKills() {
        return files.readKeyed(dir(V1Controller.MEMORY).resolve("memory.oom_control"), "oom_kill").orElse(0);
    }

    /**
     * Freezes the cgroup, kills every process in it, thaws it so that the kills take effect, then removes the
     * directories. Frozen, a fork bomb cannot make new processes faster than the loop kills them.
     */
    @Override
    public void destroy() {
        List<Path> present = distinctDirs.stream().filter(files::exists).toList();
        if (present.isEmpty()) {
            return;
        }
        teardown.refuseIfAgentInside(present);
        // After a normal exit the cgroup is already empty (a PID namespace dies with its init): nothing to stop.
        if (!teardown.processes(present).isEmpty()) {
            Path freezer = dir(V1Controller.FREEZER);
            boolean canFreeze = present.contains(freezer);
            if (canFreeze) {
                freeze(freezer);
            }
            try {
                teardown.killAll(present);
            } finally {
                if (canFreeze) {
                    files.write(freezer.resolve("freezer.state"), "THAWED");
                }
            }
            teardown.drain(present);
        }
        teardown.remove(present);
    }

    @Override
    public boolean freeze() {
        @Nullable Path freezer = dirs.get(V1Controller.FREEZER);
        if (freezer == null || !files.exists(freezer)) {
            return false;
        }
        freeze(freezer);
        return true;
    }

    @Override
    public void thaw() {
        @Nullable Path freezer = dirs.get(V1Controller.FREEZER);
        if (freezer != null && files.exists(freezer)) {
            files.write(freezer.resolve("freezer.state"), "THAWED");
        }
    }

    /** Asks for FROZEN and waits, bounded, until the kernel has stopped every task; FREEZING means not yet. */
    private void freeze(Path freezer) {
        Path state = freezer.resolve("freezer.state");
        files.write(state, "FROZEN");
        long deadline = System.nanoTime() + FREEZE_TIMEOUT.toNanos();
        while (!files.read(state).trim().equals("FROZEN") && System.nanoTime() < deadline) {
            CgroupTeardown.pause();
        }
    }

    private Path dir(V1Controller controller) {
        return dirs.get(controller);
    }
}
