package dev.berth.agent.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cgroup v1 host in a temporary directory that stands for {@code /}: its mount table, its {@code /proc/self/cgroup},
 * its {@code /proc/meminfo}, and a fake cgroupfs of the memory, cpu, cpuacct, pids, devices and freezer hierarchies.
 */
final class FakeV1Host {

    static final long MEM_TOTAL_KB = 24_684_084;

    /** Where the node agent sits in each controller, as {@code /proc/self/cgroup} says. */
    static final String AGENT_CGROUP = "/system.slice/berth-agent.service";

    final Path root;
    final HostPaths paths;
    final FakeCgroupFs fs;

    private FakeV1Host(Path root, String mountinfo, String selfCgroup, Map<String, Map<String, String>> hierarchies)
            throws IOException {
        this.root = root;
        Path proc = Files.createDirectories(root.resolve("proc"));
        this.paths = new HostPaths(root, proc.resolve("mountinfo"), proc.resolve("self-cgroup"),
                proc.resolve("meminfo"));
        Files.writeString(paths.mountinfo(), mountinfo);
        Files.writeString(paths.selfCgroup(), selfCgroup);
        Files.writeString(paths.meminfo(), "MemTotal:       " + MEM_TOTAL_KB + " kB\nMemFree:         1000 kB\n");
        this.fs = new FakeCgroupFs(root.resolve("sys/fs/cgroup"));
        for (Map.Entry<String, Map<String, String>> hierarchy : hierarchies.entrySet()) {
            Path mount = mount(hierarchy.getKey());
            fs.v1Hierarchy(mount, hierarchy.getValue());
            Path agent = mount.resolve(AGENT_CGROUP.substring(1));
            Files.createDirectories(agent);
            Files.writeString(agent.resolve("tasks"), "");
        }
    }

    /** This machine's layout: every controller its own hierarchy, and an empty cgroup2 at .../unified (hybrid). */
    static FakeV1Host separate(Path root, boolean swapAccounting) throws IOException {
        Map<String, Map<String, String>> hierarchies = new LinkedHashMap<>();
        hierarchies.put("memory", memoryFiles(swapAccounting));
        hierarchies.put("cpu", Map.of("cpu.cfs_period_us", "100000\n", "cpu.cfs_quota_us", "-1\n"));
        hierarchies.put("cpuacct", Map.of("cpuacct.usage", "0\n"));
        hierarchies.put("pids", Map.of("pids.max", "max\n", "pids.current", "0\n"));
        hierarchies.put("devices", Map.of("devices.allow", "", "devices.deny", "", "devices.list", "a *:* rwm\n"));
        hierarchies.put("freezer", Map.of("freezer.state", "THAWED\n"));
        String selfCgroup = """
                9:name=systemd:%1$s
                8:pids:%1$s
                7:blkio:/
                6:freezer:%1$s
                5:devices:%1$s
                4:memory:%1$s
                3:cpuset:/
                2:cpuacct:%1$s
                1:cpu:%1$s
                0::/
                """.formatted(AGENT_CGROUP);
        return new FakeV1Host(root, MountInfoSamples.HYBRID, selfCgroup, hierarchies);
    }

    /** A Debian or Ubuntu host of the cgroup v1 era: cpu and cpuacct share one hierarchy, "cpu,cpuacct". */
    static FakeV1Host combined(Path root) throws IOException {
        Map<String, Map<String, String>> hierarchies = new LinkedHashMap<>();
        hierarchies.put("memory", memoryFiles(true));
        hierarchies.put("cpu,cpuacct", Map.of("cpu.cfs_period_us", "100000\n", "cpu.cfs_quota_us", "-1\n",
                "cpuacct.usage", "0\n"));
        hierarchies.put("pids", Map.of("pids.max", "max\n", "pids.current", "0\n"));
        hierarchies.put("devices", Map.of("devices.allow", "", "devices.deny", "", "devices.list", "a *:* rwm\n"));
        hierarchies.put("freezer", Map.of("freezer.state", "THAWED\n"));
        String selfCgroup = """
                11:freezer:%1$s
                9:pids:%1$s
                6:devices:%1$s
                5:memory:%1$s
                2:cpu,cpuacct:%1$s
                1:name=systemd:%1$s
                0::%1$s
                """.formatted(AGENT_CGROUP);
        return new FakeV1Host(root, MountInfoSamples.LEGACY_COMBINED, selfCgroup, hierarchies);
    }

    /** The directory of a hierarchy, such as {@code memory} or {@code cpu,cpuacct}. */
    Path mount(String hierarchy) {
        return root.resolve("sys/fs/cgroup").resolve(hierarchy);
    }

    /** A container's directory in a hierarchy. */
    Path container(String hierarchy, String containerId) {
        return mount(hierarchy).resolve("berth").resolve(containerId);
    }

    private static Map<String, String> memoryFiles(boolean swapAccounting) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("memory.limit_in_bytes", FakeCgroupFs.UNLIMITED + "\n");
        if (swapAccounting) {
            files.put("memory.memsw.limit_in_bytes", FakeCgroupFs.UNLIMITED + "\n");
        }
        files.put("memory.usage_in_bytes", "0\n");
        files.put("memory.stat", "cache 0\nrss 0\ninactive_file 0\ntotal_cache 0\ntotal_rss 0\n"
                + "total_inactive_file 0\n");
        files.put("memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
        return files;
    }
}
