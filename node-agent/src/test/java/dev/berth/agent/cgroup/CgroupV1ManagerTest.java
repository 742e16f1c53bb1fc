package dev.berth.agent.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.RecordingSyscalls;
import dev.berth.agent.linux.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupV1ManagerTest {

    private static final String ID = "3f2a9c01";
    private static final List<String> CONTROLLERS = List.of("memory", "cpu", "cpuacct", "pids", "devices", "freezer");
    private static final Resources LIMITED = new Resources(64L << 20, 50_000L, 100_000, 20L);

    @TempDir
    Path tmp;

    /** Kills by making the process leave the fake tree, and logs the kill among the writes. */
    private static RecordingSyscalls killing(FakeCgroupFs fs) {
        return new RecordingSyscalls() {
            @Override
            public void kill(int pid, int signal) {
                super.kill(pid, signal);
                fs.note("kill(" + pid + ", " + signal + ")");
                fs.exit(pid);
            }
        };
    }

    private static CgroupV1Manager manager(FakeV1Host host) {
        return new CgroupV1Manager(killing(host.fs), host.paths, host.fs);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file).trim();
    }

    @Test
    void createMakesOneDirectoryPerControllerAndWritesTheLimitsInOrder() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);

        Cgroup cgroup = manager(host).create(ID, LIMITED);

        assertThat(cgroup.containerId()).isEqualTo(ID);
        for (String controller : CONTROLLERS) {
            assertThat(host.container(controller, ID)).isDirectory();
        }
        List<String> expected = new ArrayList<>(List.of(
                "memory/berth/3f2a9c01/memory.limit_in_bytes=67108864",
                "memory/berth/3f2a9c01/memory.memsw.limit_in_bytes=67108864",
                "cpu/berth/3f2a9c01/cpu.cfs_period_us=100000",
                "cpu/berth/3f2a9c01/cpu.cfs_quota_us=50000",
                "devices/berth/3f2a9c01/devices.deny=a"));
        for (String rule : List.of("c *:* m", "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm",
                "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm", "c 10:200 rwm")) {
            expected.add("devices/berth/3f2a9c01/devices.allow=" + rule);
        }
        assertThat(host.fs.log()).containsExactlyElementsOf(expected);
        assertThat(read(host.container("memory", ID).resolve("memory.limit_in_bytes"))).isEqualTo("67108864");
        assertThat(read(host.container("memory", ID).resolve("memory.memsw.limit_in_bytes"))).isEqualTo("67108864");
        assertThat(read(host.container("cpu", ID).resolve("cpu.cfs_quota_us"))).isEqualTo("50000");
        // Deferred to limitPids(), once the launcher thread has left.
        assertThat(read(host.container("pids", ID).resolve("pids.max"))).isEqualTo("max");
    }

    @Test
    void anotherParentHoldsTheContainersOfAnAgentGivenIt() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        CgroupV1Manager manager = new CgroupV1Manager(killing(host.fs), host.paths, host.fs, "berth-node-b");

        manager.create(ID, LIMITED);

        for (String controller : CONTROLLERS) {
            assertThat(host.mount(controller).resolve("berth-node-b").resolve(ID)).isDirectory();
            assertThat(host.container(controller, ID)).doesNotExist();
        }
        assertThat(host.fs.log().getFirst()).isEqualTo("memory/berth-node-b/3f2a9c01/memory.limit_in_bytes=67108864");
        assertThat(manager.find(ID)).isPresent();
        assertThat(manager(host).find(ID)).isEmpty();
    }

    @Test
    void noDeviceRuleAllowsABlockDevice() {
        assertThat(DeviceRules.ALLOWED).noneMatch(rule -> rule.startsWith("b") || rule.startsWith("a"));
        assertThat(DeviceRules.ALLOWED).contains("c *:* m", "c 1:3 rwm", "c 136:* rwm", "c 10:200 rwm");
    }

    @Test
    void withoutSwapAccountingOnlyTheMemoryLimitIsWritten() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, false);

        manager(host).create(ID, LIMITED);

        assertThat(host.fs.writesTo("memory/")).containsExactly(
                "memory/berth/3f2a9c01/memory.limit_in_bytes=67108864");
        assertThat(host.container("memory", ID).resolve("memory.memsw.limit_in_bytes")).doesNotExist();
    }

    @Test
    void withoutLimitsOnlyTheDeviceRulesAreWritten() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);

        manager(host).create(ID, Resources.unlimited());

        assertThat(host.fs.log()).allMatch(line -> line.startsWith("devices/berth/3f2a9c01/devices."));
        assertThat(host.fs.log()).hasSize(1 + DeviceRules.ALLOWED.size());
    }

    @Test
    void aCombinedCpuCpuacctHierarchyGetsOneDirectory() throws IOException {
        FakeV1Host host = FakeV1Host.combined(tmp);
        CgroupV1Manager manager = manager(host);

        Cgroup cgroup = manager.create(ID, LIMITED);
        cgroup.addThread(4321);

        assertThat(host.container("cpu,cpuacct", ID)).isDirectory();
        assertThat(host.fs.writesTo("cpu,cpuacct/berth/3f2a9c01/cpu.")).containsExactly(
                "cpu,cpuacct/berth/3f2a9c01/cpu.cfs_period_us=100000",
                "cpu,cpuacct/berth/3f2a9c01/cpu.cfs_quota_us=50000");
        assertThat(host.fs.writesTo("/tasks")).containsExactly(
                "memory/berth/3f2a9c01/tasks=4321",
                "cpu,cpuacct/berth/3f2a9c01/tasks=4321",
                "pids/berth/3f2a9c01/tasks=4321",
                "devices/berth/3f2a9c01/tasks=4321",
                "freezer/berth/3f2a9c01/tasks=4321");
        Files.writeString(host.container("cpu,cpuacct", ID).resolve("cpuacct.usage"), "777\n");
        assertThat(cgroup.stats().cpuUsageNanos()).isEqualTo(777);

        cgroup.destroy();
        assertThat(host.container("cpu,cpuacct", ID)).doesNotExist();
    }

    @Test
    void limitPidsWritesPidsMax() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        Cgroup cgroup = manager(host).create(ID, LIMITED);

        cgroup.limitPids();

        assertThat(host.fs.log()).last().isEqualTo("pids/berth/3f2a9c01/pids.max=20");
        assertThat(read(host.container("pids", ID).resolve("pids.max"))).isEqualTo("20");
    }

    @Test
    void limitPidsWithoutALimitWritesNothing() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        Cgroup cgroup = manager(host).create(ID, Resources.unlimited());
        int before = host.fs.log().size();

        cgroup.limitPids();

        assertThat(host.fs.log()).hasSize(before);
    }

    @Test
    void aThreadJoinsEveryControllerAndReturnsToTheAgentsOwnCgroups() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        Cgroup cgroup = manager(host).create(ID, LIMITED);
        assertThat(cgroup.placesThreads()).isTrue();

        cgroup.addThread(4321);
        cgroup.returnThread(4321);

        List<String> expected = new ArrayList<>();
        for (String controller : CONTROLLERS) {
            expected.add(controller + "/berth/3f2a9c01/tasks=4321");
        }
        for (String controller : CONTROLLERS) {
            expected.add(controller + "/system.slice/berth-agent.service/tasks=4321");
        }
        assertThat(host.fs.writesTo("/tasks")).containsExactlyElementsOf(expected);
    }

    @Test
    void returnThreadFollowsACombinedLineOfProcSelfCgroup() throws IOException {
        FakeV1Host host = FakeV1Host.combined(tmp);
        Cgroup cgroup = manager(host).create(ID, LIMITED);

        cgroup.returnThread(99);

        assertThat(host.fs.writesTo("/tasks")).containsExactly(
                "memory/system.slice/berth-agent.service/tasks=99",
                "cpu,cpuacct/system.slice/berth-agent.service/tasks=99",
                "pids/system.slice/berth-agent.service/tasks=99",
                "devices/system.slice/berth-agent.service/tasks=99",
                "freezer/system.slice/berth-agent.service/tasks=99");
    }

    @Test
    void whenOnlyASubtreeIsMountedTheAgentsCgroupIsFoundBelowItsRoot() throws IOException {
        // As inside a cgroup namespace or a bind mount: the memory mount shows the hierarchy from /outer down.
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        Files.writeString(host.paths.mountinfo(), Files.readString(host.paths.mountinfo())
                .replace(" / /sys/fs/cgroup/memory ", " /outer /sys/fs/cgroup/memory "));
        Files.writeString(host.paths.selfCgroup(), Files.readString(host.paths.selfCgroup())
                .replace("4:memory:" + FakeV1Host.AGENT_CGROUP, "4:memory:/outer/agent"));
        Files.createDirectories(host.mount("memory").resolve("agent"));
        Files.writeString(host.mount("memory").resolve("agent/tasks"), "");
        Cgroup cgroup = manager(host).create(ID, LIMITED);

        cgroup.returnThread(99);

        assertThat(host.fs.writesTo("memory/")).last().isEqualTo("memory/agent/tasks=99");

        Files.writeString(host.paths.selfCgroup(), Files.readString(host.paths.selfCgroup())
                .replace("4:memory:/outer/agent", "4:memory:/elsewhere"));
        assertThatThrownBy(() -> cgroup.returnThread(99))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("cgroup /elsewhere is outside the subtree /outer");
    }

    @Test
    void aProcessJoinsCgroupProcsOfEveryControllerAndIsListed() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        Cgroup cgroup = manager(host).create(ID, LIMITED);

        cgroup.addProcess(501);
        cgroup.addProcess(502);

        assertThat(host.fs.writesTo("cgroup.procs")).hasSize(2 * CONTROLLERS.size())
                .allMatch(line -> line.matches("[a-z]+/berth/3f2a9c01/cgroup.procs=50[12]"));
        assertThat(cgroup.processes()).containsExactly(501, 502);
        assertThat(cgroup.controlsDevices()).isTrue();
    }

    @Test
    void statsSubtractInactiveFileAndReadEveryCounter() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        Cgroup cgroup = manager(host).create(ID, LIMITED);
        cgroup.limitPids();
        Path memory = host.container("memory", ID);
        Files.writeString(memory.resolve("memory.usage_in_bytes"), "104857600\n");
        // The non-hierarchical inactive_file must not be the one used.
        Files.writeString(memory.resolve("memory.stat"),
                "cache 8192\ninactive_file 999\ntotal_cache 8192\ntotal_inactive_file 4194304\n");
        Files.writeString(host.container("cpuacct", ID).resolve("cpuacct.usage"), "123456789\n");
        Files.writeString(host.container("pids", ID).resolve("pids.current"), "3\n");

        CgroupStats stats = cgroup.stats();

        assertThat(stats).isEqualTo(new CgroupStats(123_456_789, 104_857_600 - 4_194_304, 64L << 20, 3, 20));
    }

    @Test
    void statsReportTheHostsMemoryForTheUnlimitedSentinelAndMinusOneForPidsMax() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        Cgroup cgroup = manager(host).create(ID, Resources.unlimited());
        Path memory = host.container("memory", ID);
        Files.writeString(memory.resolve("memory.usage_in_bytes"), "1000\n");
        Files.writeString(memory.resolve("memory.stat"), "total_inactive_file 5000\n");

        CgroupStats stats = cgroup.stats();

        assertThat(read(memory.resolve("memory.limit_in_bytes"))).isEqualTo(FakeCgroupFs.UNLIMITED);
        assertThat(stats.memoryLimitBytes()).isEqualTo(FakeV1Host.MEM_TOTAL_KB * 1024);
        assertThat(stats.pidsLimit()).isEqualTo(-1);
        // More inactive cache than usage happens between the two reads; usage never goes below zero.
        assertThat(stats.memoryUsageBytes()).isZero();
    }

    @Test
    void oomKillsAreTheOomKillLineOfOomControl() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        Cgroup cgroup = manager(host).create(ID, LIMITED);
        Path oomControl = host.container("memory", ID).resolve("memory.oom_control");

        assertThat(cgroup.oomKills()).isZero();
        Files.writeString(oomControl, "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n");
        assertThat(cgroup.oomKills()).isEqualTo(3);
        // Kernels before 4.13 have no oom_kill line.
        Files.writeString(oomControl, "oom_kill_disable 0\nunder_oom 0\n");
        assertThat(cgroup.oomKills()).isZero();
    }

    @Test
    void aRefusedValueFailsNamingFileValueAndReasonAndLeavesNothingBehind() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        host.fs.failWrites("memory.limit_in_bytes", "Device or resource busy");

        assertThatThrownBy(() -> manager(host).create(ID, new Resources(1024L, null, 100_000, null)))
                .isInstanceOf(CgroupException.class)
                .hasMessage("write 1024 to " + host.container("memory", ID).resolve("memory.limit_in_bytes")
                        + ": Device or resource busy");
        for (String controller : CONTROLLERS) {
            assertThat(host.container(controller, ID)).doesNotExist();
            assertThat(host.mount(controller).resolve("berth")).isDirectory();
        }
    }

    @Test
    void aFailureAtTheLastStepAlsoLeavesNothingBehind() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        host.fs.failWrites("devices.allow", "Invalid argument");

        assertThatThrownBy(() -> manager(host).create(ID, LIMITED))
                .isInstanceOf(CgroupException.class)
                .hasMessageStartingWith("write c *:* m to ")
                .hasMessageEndingWith("devices.allow: Invalid argument");
        for (String controller : CONTROLLERS) {
            assertThat(host.container(controller, ID)).doesNotExist();
        }
    }

    @Test
    void aMissingControllerFileIsAnErrorAndIsNeverCreated() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        CgroupV1Manager manager = manager(host);
        Cgroup cgroup = manager.create(ID, LIMITED);
        Files.delete(host.container("pids", ID).resolve("pids.max"));

        assertThatThrownBy(cgroup::limitPids)
                .isInstanceOf(CgroupException.class)
                .hasMessageEndingWith("pids.max: No such file or directory");
        assertThat(host.container("pids", ID).resolve("pids.max")).doesNotExist();
    }

    @Test
    void aLeftoverCgroupOfTheSameIdIsRefusedAndKept() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        CgroupV1Manager manager = manager(host);
        manager.create(ID, LIMITED);

        assertThatThrownBy(() -> manager.create(ID, LIMITED))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("File exists");
        for (String controller : CONTROLLERS) {
            assertThat(host.container(controller, ID)).isDirectory();
        }
        assertThat(read(host.container("memory", ID).resolve("memory.limit_in_bytes"))).isEqualTo("67108864");
    }

    @Test
    void anIdThatCouldNameAnotherDirectoryIsRefused() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);

        for (String id : List.of("..", "../memory", "a/b", "", ".hidden")) {
            assertThatThrownBy(() -> manager(host).create(id, LIMITED))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(host.fs.log()).isEmpty();
    }

    @Test
    void destroyFreezesKillsEveryProcessThawsAndRemovesEveryDirectory() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        Cgroup cgroup = manager(host).create(ID, LIMITED);
        cgroup.addProcess(501);
        cgroup.addProcess(502);
        int before = host.fs.log().size();

        cgroup.destroy();

        assertThat(host.fs.log().subList(before, host.fs.log().size())).containsExactly(
                "freezer/berth/3f2a9c01/freezer.state=FROZEN",
                "kill(501, 9)",
                "kill(502, 9)",
                "freezer/berth/3f2a9c01/freezer.state=THAWED");
        for (String controller : CONTROLLERS) {
            assertThat(host.container(controller, ID)).doesNotExist();
            assertThat(host.mount(controller).resolve("berth")).isDirectory();
        }
    }

    @Test
    void destroyKillsAProcessThatJoinedOnlySomeControllers() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        Cgroup cgroup = manager(host).create(ID, LIMITED);
        Files.writeString(host.container("devices", ID).resolve("cgroup.procs"), "777\n");

        cgroup.destroy();

        assertThat(host.fs.log()).contains("kill(777, 9)");
        assertThat(host.container("devices", ID)).doesNotExist();
    }

    @Test
    void destroyKeepsKillingWhileProcessesRemain() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        // The first SIGKILL of each process is lost, as if it had just forked a child.
        Set<Integer> hit = new java.util.HashSet<>();
        RecordingSyscalls syscalls = new RecordingSyscalls() {
            @Override
            public void kill(int pid, int signal) {
                super.kill(pid, signal);
                host.fs.note("kill(" + pid + ", " + signal + ")");
                if (!hit.add(pid)) {
                    host.fs.exit(pid);
                }
            }
        };
        Cgroup cgroup = new CgroupV1Manager(syscalls, host.paths, host.fs).create(ID, LIMITED);
        cgroup.addProcess(501);

        cgroup.destroy();

        assertThat(host.fs.log()).filteredOn(line -> line.startsWith("kill(")).containsExactly(
                "kill(501, 9)", "kill(501, 9)");
        assertThat(host.container("memory", ID)).doesNotExist();
    }

    @Test
    void aProcessThatIsAlreadyGoneIsNotAnError() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        RecordingSyscalls syscalls = new RecordingSyscalls() {
            @Override
            public void kill(int pid, int signal) {
                host.fs.exit(pid);
                throw new SyscallException("kill(SIGKILL)", "pid " + pid, Errno.ESRCH);
            }
        };
        Cgroup cgroup = new CgroupV1Manager(syscalls, host.paths, host.fs).create(ID, LIMITED);
        cgroup.addProcess(501);

        cgroup.destroy();

        assertThat(host.container("memory", ID)).doesNotExist();
    }

    @Test
    void destroyRefusesWhileAThreadOfTheNodeAgentIsInside() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        RecordingSyscalls syscalls = killing(host.fs);
        Cgroup cgroup = new CgroupV1Manager(syscalls, host.paths, host.fs).create(ID, LIMITED);
        int agentPid = syscalls.getpid();
        host.fs.thread(4321, agentPid);
        cgroup.addThread(4321);
        cgroup.addProcess(501);
        int before = host.fs.log().size();

        assertThatThrownBy(cgroup::destroy)
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("the node agent (pid " + agentPid + ")");
        assertThat(host.fs.log()).hasSize(before);
        assertThat(syscalls.calls("kill")).isEmpty();
        assertThat(host.container("memory", ID)).isDirectory();
    }

    @Test
    void destroyIsIdempotentAndFindSeesOnlyExistingCgroups() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        CgroupV1Manager manager = manager(host);
        assertThat(manager.find(ID)).isEmpty();
        manager.create(ID, LIMITED);

        Cgroup found = manager.find(ID).orElseThrow();
        assertThat(found.containerId()).isEqualTo(ID);
        found.destroy();
        found.destroy();

        assertThat(manager.find(ID)).isEmpty();
        assertThat(found.processes()).isEmpty();
    }

    @Test
    void aHalfRemovedCgroupIsFoundAndFinishedOff() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        CgroupV1Manager manager = manager(host);
        manager.create(ID, LIMITED);
        for (String controller : List.of("memory", "cpu", "cpuacct")) {
            host.fs.rmdir(host.container(controller, ID));
        }

        manager.find(ID).orElseThrow().destroy();

        for (String controller : CONTROLLERS) {
            assertThat(host.container(controller, ID)).doesNotExist();
        }
    }

    @Test
    void aControllerThatIsNotMountedIsNamed() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        String withoutFreezer = Files.readAllLines(host.paths.mountinfo()).stream()
                .filter(line -> !line.contains("freezer")).reduce("", (a, b) -> a + b + "\n");
        Files.writeString(host.paths.mountinfo(), withoutFreezer);

        assertThatThrownBy(() -> manager(host))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("controller(s) freezer not mounted")
                .hasMessageContaining("mounted: blkio, cpu, cpuacct, cpuset, devices, memory, name=systemd, pids");
    }

    @Test
    void freezeAndThawGoThroughTheFreezerForACommit() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        Cgroup cgroup = manager(host).create(ID, LIMITED);
        int before = host.fs.log().size();

        assertThat(cgroup.freeze()).isTrue();
        cgroup.thaw();

        assertThat(host.fs.log().subList(before, host.fs.log().size())).containsExactly(
                "freezer/berth/3f2a9c01/freezer.state=FROZEN",
                "freezer/berth/3f2a9c01/freezer.state=THAWED");
    }
}
