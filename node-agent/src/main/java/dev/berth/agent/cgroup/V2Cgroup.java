package dev.berth.agent.cgroup;

import dev.berth.agent.linux.Syscalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A container's cgroup on v2: one directory, {@code <root>/berth/<id>}. A controller the host does not offer has no
 * files here; its usage reads as zero and its limit as none.
 */
final class V2Cgroup implements Cgroup {
    /** A task in uninterruptible sleep delays the freeze; past this a commit goes on regardless. */
    private static final Duration FREEZE_TIMEOUT = Duration.ofSeconds(1);

    private final String containerId;
    private final Path dir;
    private final @Nullable Long pidsLimit;
    private final Path meminfo;
    private final CgroupFiles files;
    private final CgroupTeardown teardown;

    V2Cgroup(String containerId, Path dir, @Nullable Long pidsLimit, Path meminfo, CgroupFiles files,
             Syscalls syscalls) {
        this.containerId = containerId;
        this.dir = dir;
        this.pidsLimit = pidsLimit;
        this.meminfo = meminfo;
        this.files = files;
        this.teardown = new CgroupTeardown(syscalls, files);
    }

    @Override
    public String containerId() {
        return containerId;
    }

    @Override
    public boolean placesThreads() {
        return false;
    }

    @Override
    public void addThread(int tid) {
        throw new CgroupException("cgroup v2 places processes, not threads: cannot add thread " + tid + " to " + dir);
    }

    @Override
    public void returnThread(int tid) {
        throw new CgroupException("cgroup v2 places processes, not threads: cannot return thread " + tid + " from "
                + dir);
    }

    @Override
    public void addProcess(int pid) {
        files.write(dir.resolve("cgroup.procs"), Integer.toString(pid));
    }

    @Override
    public void limitPids() {
        if (pidsLimit != null) {
            files.write(dir.resolve("pids.max"), Long.toString(pidsLimit));
        }
    }

    /** Device control on v2 is an eBPF program, which Berth does not load; the launcher drops CAP_MKNOD instead. */
    @Override
    public boolean controlsDevices() {
        return false;
    }

    @Override
    public List<Integer> processes() {
        return files.readPids(dir.resolve("cgroup.procs"));
    }

    @Override
    public CgroupStats stats() {
        long usage = optional(dir.resolve("memory.current")).orElse(0);
        long inactiveFile = files.readKeyed(dir.resolve("memory.stat"), "inactive_file").orElse(0);
        Path memoryMax = dir.resolve("memory.max");
        OptionalLong limit = files.exists(memoryMax) ? files.readLimit(memoryMax) : OptionalLong.empty();
        Path pidsMax = dir.resolve("pids.max");
        return new CgroupStats(
                files.readKeyed(dir.resolve("cpu.stat"), "usage_usec").orElse(0) * 1000,
                Math.max(0, usage - inactiveFile),
                HostMemory.effectiveLimit(limit, meminfo),
                optional(dir.resolve("pids.current")).orElse(0),
                files.exists(pidsMax) ? files.readLimit(pidsMax).orElse(-1) : -1);
    }

    @Override
    public long oomKills() {
        return files.readKeyed(dir.resolve("memory.events"), "oom_kill").orElse(0);
    }

    /**
     * {@code cgroup.kill} (Linux 5.14) kills every process of the cgroup at once, new forks included. Without it, the
     * kill loop runs until the cgroup is empty.
     */
    @Override
    public void destroy() {
        if (!files.exists(dir)) {
            return;
        }
        List<Path> dirs = List.of(dir);
        teardown.refuseIfAgentInside(dirs);
        if (!teardown.processes(dirs).isEmpty()) {
            Path kill = dir.resolve("cgroup.kill");
            if (files.exists(kill)) {
                files.write(kill, "1");
            } else {
                teardown.killAll(dirs);
            }
            teardown.drain(dirs);
        }
        teardown.remove(dirs);
    }

    /** {@code cgroup.freeze} (Linux 5.2), waiting, bounded, until {@code cgroup.events} says every task stopped. */
    @Override
    public boolean freeze() {
        Path freeze = dir.resolve("cgroup.freeze");
        if (!files.exists(freeze)) {
            return false;
        }
        files.write(freeze, "1");
        long deadline = System.nanoTime() + FREEZE_TIMEOUT.toNanos();
        while (files.readKeyed(dir.resolve("cgroup.events"), "frozen").orElse(1) != 1
                && System.nanoTime() < deadline) {
            CgroupTeardown.pause();
        }
        return true;
    }

    @Override
    public void thaw() {
        Path freeze = dir.resolve("cgroup.freeze");
        if (files.exists(freeze)) {
            files.write(freeze, "0");
        }
    }

    private OptionalLong optional(Path file) {
        return files.exists(file) ? OptionalLong.of(files.readLong(file)) : OptionalLong.empty();
    }
}
