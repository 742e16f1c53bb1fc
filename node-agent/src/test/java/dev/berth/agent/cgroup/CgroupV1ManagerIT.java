package dev.berth.agent.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.agent.linux.LinuxSyscalls;
import dev.berth.agent.linux.Syscalls;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the v1 manager against this host's real cgroup v1 hierarchy, with real processes. Needs root. */
class CgroupV1ManagerIT {

    private static final Path CGROUPFS = Path.of("/sys/fs/cgroup");
    private static final List<String> CONTROLLERS = List.of("memory", "cpu", "cpuacct", "pids", "devices", "freezer");

    private final Syscalls syscalls = new LinuxSyscalls();
    private final List<Cgroup> cgroups = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private CgroupManager manager;
    private String id;

    @BeforeAll
    static void needsRoot() throws IOException {
        String uid = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("Uid:")).findFirst().orElse("Uid: ?").split("\\s+")[1];
        if (!uid.equals("0")) {
            fail("needs root: these tests create cgroups under " + CGROUPFS + " (running as uid " + uid + ")");
        }
    }

    @BeforeEach
    void probe() {
        manager = new CgroupProbe(syscalls).manager();
        if (!manager.version().equals("v1")) {
            fail("needs a cgroup v1 host: the probe chose " + manager.version());
        }
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        id = "it-" + HexFormat.of().formatHex(random);
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        for (Cgroup cgroup : cgroups) {
            cgroup.destroy();
        }
    }

    private Cgroup create(Resources resources) {
        Cgroup cgroup = manager.create(id, resources);
        cgroups.add(cgroup);
        return cgroup;
    }

    private Path dir(String controller) {
        return CGROUPFS.resolve(controller).resolve("berth").resolve(id);
    }

    private String kernel(String controller, String file) throws IOException {
        return Files.readString(dir(controller).resolve(file)).trim();
    }

    /** A shell that runs {@code script} only once a line arrives on its stdin, so it can be put in a cgroup first. */
    private Process gated(String script) throws IOException {
        Process process = new ProcessBuilder("sh", "-c", "read go; " + script).start();
        processes.add(process);
        return process;
    }

    private static void open(Process gated) throws IOException {
        OutputStream stdin = gated.getOutputStream();
        stdin.write('\n');
        stdin.flush();
    }

    @Test
    void theLimitsAreWhatTheKernelHolds() throws IOException {
        Cgroup cgroup = create(new Resources(64L << 20, 50_000L, 100_000, 20L));

        assertThat(kernel("memory", "memory.limit_in_bytes")).isEqualTo("67108864");
        assertThat(kernel("memory", "memory.memsw.limit_in_bytes")).isEqualTo("67108864");
        assertThat(kernel("cpu", "cpu.cfs_period_us")).isEqualTo("100000");
        assertThat(kernel("cpu", "cpu.cfs_quota_us")).isEqualTo("50000");
        assertThat(kernel("devices", "devices.list").lines().toList()).containsExactlyElementsOf(DeviceRules.ALLOWED);
        assertThat(kernel("pids", "pids.max")).isEqualTo("max");

        cgroup.limitPids();

        assertThat(kernel("pids", "pids.max")).isEqualTo("20");
        assertThat(manager.find(id)).isPresent();
    }

    @Test
    void aValueTheKernelRefusesIsNamedAndNothingIsLeft() {
        // CFS refuses a quota under 1 ms.
        assertThatThrownBy(() -> manager.create(id, new Resources(null, 10L, 100_000, null)))
                .isInstanceOf(CgroupException.class)
                .hasMessage("write 10 to " + dir("cpu").resolve("cpu.cfs_quota_us") + ": Invalid argument");
        for (String controller : CONTROLLERS) {
            assertThat(dir(controller)).doesNotExist();
        }
    }

    @Test
    void aProcessMovedInIsListedAndCounted() throws IOException {
        Cgroup cgroup = create(new Resources(64L << 20, 50_000L, 100_000, 20L));
        Process sleep = new ProcessBuilder("sleep", "30").start();
        processes.add(sleep);
        int pid = (int) sleep.pid();

        cgroup.addProcess(pid);

        assertThat(cgroup.processes()).containsExactly(pid);
        for (String controller : CONTROLLERS) {
            assertThat(cgroupOf(Path.of("/proc/" + pid + "/cgroup"), controller)).as(controller)
                    .isEqualTo("/berth/" + id);
        }
        CgroupStats stats = cgroup.stats();
        assertThat(stats.pids()).isGreaterThanOrEqualTo(1);
        assertThat(stats.memoryLimitBytes()).isEqualTo(64L << 20);
        assertThat(stats.pidsLimit()).isEqualTo(-1);
        assertThat(stats.cpuUsageNanos()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aThreadOfThisProcessJoinsAndGoesBack() throws Exception {
        Cgroup cgroup = create(new Resources(64L << 20, null, 100_000, null));
        AtomicInteger tid = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread thread = Thread.ofPlatform().start(() -> {
            tid.set(syscalls.gettid());
            started.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        started.await();
        Path threadCgroup = Path.of("/proc/self/task/" + tid.get() + "/cgroup");
        List<String> agent = Files.readAllLines(Path.of("/proc/self/cgroup"));
        assertThat(Files.readAllLines(threadCgroup)).isEqualTo(agent);
        try {
            try {
                cgroup.addThread(tid.get());

                for (String controller : CONTROLLERS) {
                    assertThat(cgroupOf(threadCgroup, controller)).as(controller).isEqualTo("/berth/" + id);
                }
                assertThat(Files.readString(dir("memory").resolve("tasks")).lines())
                        .contains(Integer.toString(tid.get()));
                // Only that thread moved: the process, as its main thread, stays where it was.
                assertThat(Files.readAllLines(Path.of("/proc/self/cgroup"))).isEqualTo(agent);
            } finally {
                cgroup.returnThread(tid.get());
            }

            assertThat(Files.readAllLines(threadCgroup)).isEqualTo(agent);
            assertThat(Files.readString(dir("memory").resolve("tasks"))).isEmpty();
        } finally {
            done.countDown();
            thread.join();
        }
    }

    @Test
    void aProcessOverTheMemoryLimitIsKilledByTheOomKiller() throws Exception {
        Cgroup cgroup = create(new Resources(32L << 20, null, 100_000, null));
        // dd fills a 100 MiB buffer from /dev/zero: every page of it is touched.
        Process dd = gated("exec dd if=/dev/zero of=/dev/null bs=100M count=1");
        cgroup.addProcess((int) dd.pid());
        assertThat(cgroup.oomKills()).isZero();

        open(dd);

        assertThat(dd.waitFor(30, TimeUnit.SECONDS)).as("dd ends").isTrue();
        assertThat(dd.exitValue()).as("exit status, 128 + SIGKILL").isEqualTo(137);
        assertThat(cgroup.oomKills()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void forksStopAtThePidsLimit() throws Exception {
        Cgroup cgroup = create(new Resources(null, null, 100_000, 10L));
        cgroup.limitPids();
        assertThat(kernel("pids", "pids.max")).isEqualTo("10");
        Process shell = gated("for i in $(seq 50); do sleep 3 & done; wait");
        cgroup.addProcess((int) shell.pid());

        open(shell);
        long most = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (shell.isAlive() && System.nanoTime() < deadline) {
            most = Math.max(most, cgroup.stats().pids());
            Thread.sleep(2);
        }

        assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(shell.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(stderr).as("the shell's complaint").containsIgnoringCase("fork");
        assertThat(most).isBetween(1L, 10L);
        assertThat(kernel("pids", "pids.events")).as("forks the limit refused").matches("max [1-9][0-9]*");
        if (Files.exists(dir("pids").resolve("pids.peak"))) {
            assertThat(Long.parseLong(kernel("pids", "pids.peak"))).isEqualTo(10);
        }
    }

    @Test
    void destroyStopsAForkBombAndRemovesEveryDirectory() throws Exception {
        Cgroup cgroup = create(new Resources(64L << 20, 50_000L, 100_000, 20L));
        cgroup.limitPids();
        // Never let the bomb out without its limit.
        assertThat(kernel("pids", "pids.max")).isEqualTo("20");
        // Unlike a shell, which exits on its first failed fork, perl ignores the failure and forks again.
        Process bomb = gated("exec perl -e 'fork while 1'");
        cgroup.addProcess((int) bomb.pid());
        open(bomb);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cgroup.stats().pids() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(cgroup.stats().pids()).as("the bomb fills its limit").isEqualTo(20);
        List<Integer> inside = cgroup.processes();

        cgroup.destroy();

        for (String controller : CONTROLLERS) {
            assertThat(dir(controller)).as(controller).doesNotExist();
        }
        assertThat(bomb.waitFor(5, TimeUnit.SECONDS)).isTrue();
        for (int pid : inside) {
            assertThat(alive(pid)).as("pid " + pid).isFalse();
        }
        cgroup.destroy();
        assertThat(manager.find(id)).isEmpty();
    }

    /** The cgroup of one controller in a {@code /proc/.../cgroup} file, whose lines read {@code 4:memory:/berth/x}. */
    private static String cgroupOf(Path procCgroup, String controller) throws IOException {
        for (String line : Files.readAllLines(procCgroup)) {
            String[] fields = line.split(":", 3);
            if (List.of(fields[1].split(",")).contains(controller)) {
                return fields[2];
            }
        }
        throw new AssertionError("no " + controller + " line in " + procCgroup);
    }

    /** True while the process runs; a zombie waiting for its parent has already died. */
    private static boolean alive(int pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        try {
            String text = Files.readString(stat);
            char state = text.charAt(text.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
