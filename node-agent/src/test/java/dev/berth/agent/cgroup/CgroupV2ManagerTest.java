package dev.berth.agent.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.linux.RecordingSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupV2ManagerTest {

    private static final String ID = "9c41e7b2";
    private static final Resources LIMITED = new Resources(64L << 20, 50_000L, 100_000, 20L);
    private static final long MEM_TOTAL_KB = 8_000_000;
    private static final List<String> ALL_CONTROLLERS =
            List.of("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc");

    @TempDir
    Path tmp;

    private Path root;
    private Path meminfo;
    private Path dir;
    private FakeCgroupFs fs;
    private RecordingSyscalls syscalls;

    @BeforeEach
    void meminfo() throws IOException {
        root = tmp.resolve("sys/fs/cgroup");
        dir = root.resolve("berth").resolve(ID);
        meminfo = Files.writeString(tmp.resolve("meminfo"), "MemTotal:        " + MEM_TOTAL_KB + " kB\n");
    }

    /** A Linux 6.x unified hierarchy; {@code cgroup.kill} and {@code memory.swap.max} can be left out. */
    private CgroupV2Manager host(List<String> offered, boolean cgroupKill, boolean swap) throws IOException {
        Map<String, String> core = new HashMap<>(Map.of("cgroup.procs", "", "cgroup.events", "populated 0\n",
                "cpu.stat", "usage_usec 0\nuser_usec 0\nsystem_usec 0\n"));
        if (cgroupKill) {
            core.put("cgroup.kill", "");
        }
        Map<String, String> memory = new HashMap<>(Map.of("memory.max", "max\n", "memory.current", "0\n",
                "memory.stat", "anon 0\nfile 0\ninactive_file 0\n",
                "memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n"));
        if (swap) {
            memory.put("memory.swap.max", "max\n");
        }
        fs = new FakeCgroupFs(root).v2Hierarchy(root, offered, Map.of(
                "", core,
                "memory", memory,
                "cpu", Map.of("cpu.max", "max 100000\n", "cpu.weight", "100\n"),
                "pids", Map.of("pids.max", "max\n", "pids.current", "0\n")));
        syscalls = new RecordingSyscalls() {
            @Override
            public void kill(int pid, int signal) {
                super.kill(pid, signal);
                fs.note("kill(" + pid + ", " + signal + ")");
                fs.exit(pid);
            }
        };
        return new CgroupV2Manager(syscalls, root, meminfo, fs);
    }

    private CgroupV2Manager host() throws IOException {
        return host(ALL_CONTROLLERS, true, true);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file).trim();
    }

    @Test
    void createEnablesTheControllersForBerthAndItsChildrenThenWritesTheLimits() throws IOException {
        CgroupV2Manager manager = host();

        Cgroup cgroup = manager.create(ID, LIMITED);

        assertThat(manager.version()).isEqualTo("v2");
        assertThat(cgroup.containerId()).isEqualTo(ID);
        assertThat(fs.log()).containsExactly(
                "cgroup.subtree_control=+memory +cpu +pids",
                "berth/cgroup.subtree_control=+memory +cpu +pids",
                "berth/9c41e7b2/memory.max=67108864",
                "berth/9c41e7b2/memory.swap.max=0",
                "berth/9c41e7b2/cpu.max=50000 100000");
        assertThat(read(dir.resolve("memory.max"))).isEqualTo("67108864");
        assertThat(read(dir.resolve("cpu.max"))).isEqualTo("50000 100000");
        assertThat(read(dir.resolve("pids.max"))).isEqualTo("max");
    }

    @Test
    void anotherParentHoldsTheContainersOfAnAgentGivenIt() throws IOException {
        host();
        CgroupV2Manager manager = new CgroupV2Manager(syscalls, root, "berth-node-b", meminfo, fs);

        manager.create(ID, LIMITED);

        assertThat(fs.log()).containsExactly(
                "cgroup.subtree_control=+memory +cpu +pids",
                "berth-node-b/cgroup.subtree_control=+memory +cpu +pids",
                "berth-node-b/9c41e7b2/memory.max=67108864",
                "berth-node-b/9c41e7b2/memory.swap.max=0",
                "berth-node-b/9c41e7b2/cpu.max=50000 100000");
        assertThat(manager.find(ID)).isPresent();
        assertThat(host().find(ID)).isEmpty();
        assertThat(root.resolve("berth")).doesNotExist();
    }

    @Test
    void aParentThatIsNotOneDirectoryNameIsRefused() {
        for (String bad : List.of("../escape", "a/b", "", ".hidden", "-x")) {
            assertThatThrownBy(() -> new CgroupV2Manager(syscalls, root, bad, meminfo, fs))
                    .as(bad).isInstanceOf(CgroupException.class).hasMessageContaining("invalid cgroup parent");
        }
    }

    @Test
    void controllersAlreadyEnabledAreNotWrittenAgain() throws IOException {
        CgroupV2Manager manager = host();
        manager.create(ID, LIMITED);

        manager.create("second", LIMITED);

        assertThat(fs.writesTo("cgroup.subtree_control")).hasSize(2);
    }

    @Test
    void onlyTheControllersTheHostOffersAreEnabled() throws IOException {
        CgroupV2Manager manager = host(List.of("cpu", "io", "memory"), true, true);

        manager.create(ID, new Resources(64L << 20, 50_000L, 100_000, null));

        assertThat(fs.writesTo("cgroup.subtree_control")).containsExactly(
                "cgroup.subtree_control=+memory +cpu", "berth/cgroup.subtree_control=+memory +cpu");
    }

    @Test
    void aLimitWhoseControllerIsNotOfferedIsRefusedBeforeAnythingIsMade() throws IOException {
        CgroupV2Manager manager = host(List.of("cpu", "io", "memory"), true, true);

        assertThatThrownBy(() -> manager.create(ID, LIMITED))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("need the pids controller")
                .hasMessageEndingWith("cgroup.controllers: cpu io memory)");
        assertThat(dir).doesNotExist();
    }

    @Test
    void withoutAQuotaTheCpuPeriodStillGoesToCpuMax() throws IOException {
        host().create(ID, new Resources(null, null, 250_000, null));

        assertThat(fs.writesTo("berth/9c41e7b2/")).containsExactly("berth/9c41e7b2/cpu.max=max 250000");
    }

    @Test
    void withoutSwapAccountingOnlyMemoryMaxIsWritten() throws IOException {
        host(ALL_CONTROLLERS, true, false).create(ID, LIMITED);

        assertThat(fs.writesTo("memory.")).containsExactly("berth/9c41e7b2/memory.max=67108864");
    }

    @Test
    void aRefusedValueLeavesNoContainerCgroup() throws IOException {
        CgroupV2Manager manager = host();
        fs.failWrites("cpu.max", "Invalid argument");

        assertThatThrownBy(() -> manager.create(ID, LIMITED))
                .isInstanceOf(CgroupException.class)
                .hasMessage("write 50000 100000 to " + dir.resolve("cpu.max") + ": Invalid argument");
        assertThat(dir).doesNotExist();
        assertThat(root.resolve("berth")).isDirectory();
    }

    @Test
    void threadsCannotBePlacedButProcessesCan() throws IOException {
        Cgroup cgroup = host().create(ID, LIMITED);

        assertThat(cgroup.placesThreads()).isFalse();
        assertThat(cgroup.controlsDevices()).isFalse();
        assertThatThrownBy(() -> cgroup.addThread(4321))
                .isInstanceOf(CgroupException.class)
                .hasMessageStartingWith("cgroup v2 places processes, not threads");
        assertThatThrownBy(() -> cgroup.returnThread(4321))
                .isInstanceOf(CgroupException.class)
                .hasMessageStartingWith("cgroup v2 places processes, not threads");

        cgroup.addProcess(601);

        assertThat(fs.log()).last().isEqualTo("berth/9c41e7b2/cgroup.procs=601");
        assertThat(cgroup.processes()).containsExactly(601);
    }

    @Test
    void limitPidsWritesPidsMax() throws IOException {
        Cgroup cgroup = host().create(ID, LIMITED);

        cgroup.limitPids();

        assertThat(fs.log()).last().isEqualTo("berth/9c41e7b2/pids.max=20");
        assertThat(read(dir.resolve("pids.max"))).isEqualTo("20");
    }

    @Test
    void statsConvertMicrosecondsAndSubtractInactiveFile() throws IOException {
        Cgroup cgroup = host().create(ID, LIMITED);
        cgroup.limitPids();
        Files.writeString(dir.resolve("cpu.stat"), "usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n");
        Files.writeString(dir.resolve("memory.current"), "10485760\n");
        Files.writeString(dir.resolve("memory.stat"), "anon 9000000\nfile 1485760\nactive_file 437184\n"
                + "inactive_file 1048576\n");
        Files.writeString(dir.resolve("pids.current"), "4\n");

        assertThat(cgroup.stats()).isEqualTo(new CgroupStats(2_500_000, 10_485_760 - 1_048_576, 64L << 20, 4, 20));
    }

    @Test
    void statsReportTheHostsMemoryAndMinusOneForMax() throws IOException {
        Cgroup cgroup = host().create(ID, Resources.unlimited());

        CgroupStats stats = cgroup.stats();

        assertThat(read(dir.resolve("memory.max"))).isEqualTo("max");
        assertThat(stats.memoryLimitBytes()).isEqualTo(MEM_TOTAL_KB * 1024);
        assertThat(stats.pidsLimit()).isEqualTo(-1);
    }

    @Test
    void statsOfAHostWithoutThePidsControllerReadAsNoLimit() throws IOException {
        Cgroup cgroup = host(List.of("cpu", "memory"), true, true).create(ID, Resources.unlimited());

        CgroupStats stats = cgroup.stats();

        assertThat(dir.resolve("pids.current")).doesNotExist();
        assertThat(stats.pids()).isZero();
        assertThat(stats.pidsLimit()).isEqualTo(-1);
    }

    @Test
    void oomKillsAreTheOomKillLineOfMemoryEvents() throws IOException {
        Cgroup cgroup = host().create(ID, LIMITED);
        assertThat(cgroup.oomKills()).isZero();

        Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 7\noom 2\noom_kill 1\noom_group_kill 5\n");

        assertThat(cgroup.oomKills()).isEqualTo(1);
    }

    @Test
    void destroyUsesCgroupKillThenRemovesTheDirectory() throws IOException {
        CgroupV2Manager manager = host();
        Cgroup cgroup = manager.create(ID, LIMITED);
        cgroup.addProcess(601);
        cgroup.addProcess(602);

        cgroup.destroy();

        assertThat(fs.log()).last().isEqualTo("berth/9c41e7b2/cgroup.kill=1");
        assertThat(syscalls.calls("kill")).isEmpty();
        assertThat(dir).doesNotExist();
        assertThat(manager.find(ID)).isEmpty();
    }

    @Test
    void withoutCgroupKillDestroyKillsEachProcess() throws IOException {
        CgroupV2Manager manager = host(ALL_CONTROLLERS, false, true);
        Cgroup cgroup = manager.create(ID, LIMITED);
        cgroup.addProcess(601);
        cgroup.addProcess(602);

        cgroup.destroy();

        assertThat(fs.log()).filteredOn(line -> line.startsWith("kill(")).containsExactly(
                "kill(601, 9)", "kill(602, 9)");
        assertThat(dir).doesNotExist();
    }

    @Test
    void destroyIsIdempotentAndFindSeesOnlyExistingCgroups() throws IOException {
        CgroupV2Manager manager = host();
        assertThat(manager.find(ID)).isEmpty();
        manager.create(ID, LIMITED);
        Cgroup found = manager.find(ID).orElseThrow();

        found.destroy();
        found.destroy();

        assertThat(manager.find(ID)).isEmpty();
        assertThat(found.processes()).isEmpty();
    }

    @Test
    void destroyRefusesWhileTheNodeAgentIsInside() throws IOException {
        Cgroup cgroup = host().create(ID, LIMITED);
        cgroup.addProcess(syscalls.getpid());

        assertThatThrownBy(cgroup::destroy)
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("the node agent (pid " + syscalls.getpid() + ")");
        assertThat(dir).isDirectory();
    }

    @Test
    void freezeAndThawWriteCgroupFreezeWhereTheKernelHasIt() throws IOException {
        Cgroup cgroup = host().create(ID, LIMITED);
        assertThat(cgroup.freeze()).as("no cgroup.freeze before Linux 5.2").isFalse();
        Files.writeString(dir.resolve("cgroup.freeze"), "0\n");

        assertThat(cgroup.freeze()).isTrue();
        cgroup.thaw();

        assertThat(fs.log()).containsSubsequence("berth/9c41e7b2/cgroup.freeze=1", "berth/9c41e7b2/cgroup.freeze=0");
    }
}
