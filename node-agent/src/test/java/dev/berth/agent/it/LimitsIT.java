package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Memory, CPU and pids limits, enforced by the kernel and reported back. */
class LimitsIT extends FastAgentIT {

    @Test
    void exceedingTheMemoryLimitIsAnOomKillReportedAs137() {
        ApiClient.Run run = api.sh("head -c 64m /dev/zero | tail > /dev/null", Map.of("memory", "16m"));

        assertThat(run.exitCode()).isEqualTo(137);
        assertThat(run.oomKilled()).isTrue();
    }

    @Test
    void stayingUnderTheLimitIsNotAnOom() {
        ApiClient.Run run = api.sh("head -c 4m /dev/zero | tail > /dev/null; exit 0", Map.of("memory", "64m"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.oomKilled()).isFalse();
    }

    @Test
    void theKernelHoldsTheLimitsAskedFor() {
        String id = api.create(Map.of("image", "busybox", "cmd", List.of("sleep", "30"), "memory", "64m", "cpus", 0.5,
                "pidsLimit", 20), true);
        try {
            assertThat(HostCgroups.read(Path.of("/sys/fs/cgroup/memory/berth", id, "memory.limit_in_bytes")))
                    .isEqualTo(String.valueOf(64L << 20));
            assertThat(HostCgroups.read(Path.of("/sys/fs/cgroup/cpu/berth", id, "cpu.cfs_quota_us")))
                    .isEqualTo("50000");
            assertThat(HostCgroups.read(Path.of("/sys/fs/cgroup/cpu/berth", id, "cpu.cfs_period_us")))
                    .isEqualTo("100000");
            assertThat(HostCgroups.read(Path.of("/sys/fs/cgroup/pids/berth", id, "pids.max"))).isEqualTo("20");
            var inspect = api.inspect(id).path("resources");
            assertThat(inspect.path("memory").asLong()).isEqualTo(64L << 20);
            assertThat(inspect.path("cpus").asDouble()).isEqualTo(0.5);
            assertThat(inspect.path("pidsLimit").asLong()).isEqualTo(20);
        } finally {
            api.delete("/v1/containers/" + id + "?force=true");
        }
    }

    @Test
    void aForkBombStopsAtThePidsLimitAndTheHostIsUnaffected() {
        // A subshell forks sleeps until the kernel refuses; it dies of "can't fork", its parent carries on.
        String id = api.create(Map.of("image", "busybox", "pidsLimit", 10, "cmd", List.of("sh", "-c",
                "(i=0; while [ $i -lt 100 ]; do sleep 30 & i=$((i+1)); done); echo survived; sleep 30")), true);
        try {
            String output = "";
            for (int i = 0; i < 50 && !output.contains("survived"); i++) {
                sleep(Duration.ofMillis(100));
                output = ApiClient.text(api.logs(id, ""));
            }
            assertThat(output).contains("can't fork").contains("survived");
            Path cgroup = Path.of("/sys/fs/cgroup/pids/berth", id);
            assertThat(HostCgroups.read(cgroup.resolve("pids.events"))).matches("max [1-9]\\d*");
            assertThat(Long.parseLong(HostCgroups.read(cgroup.resolve("pids.current")))).isBetween(2L, 10L);
            assertThat(api.get("/v1/containers/" + id + "/stats").json().path("pids").asLong()).isBetween(2L, 10L);
            // The host still forks: another container starts and runs normally.
            assertThat(api.sh("echo alive").stdout()).isEqualTo("alive\n");
        } finally {
            api.delete("/v1/containers/" + id + "?force=true");
        }
    }

    @Test
    void halfACpuGivesAboutHalfACore() {
        String id = api.create(Map.of("image", "busybox", "cpus", 0.5,
                "cmd", List.of("sh", "-c", "while :; do :; done")), true);
        try {
            Path usage = Path.of("/sys/fs/cgroup/cpuacct/berth", id, "cpuacct.usage");
            sleep(Duration.ofMillis(300));
            long before = Long.parseLong(HostCgroups.read(usage));
            long start = System.nanoTime();
            sleep(Duration.ofSeconds(2));
            long used = Long.parseLong(HostCgroups.read(usage)) - before;
            double share = (double) used / (System.nanoTime() - start);
            // CFS enforces 50 ms per 100 ms period; allow for scheduling noise on a busy 2-CPU machine.
            assertThat(share).isBetween(0.35, 0.6);
            assertThat(api.get("/v1/containers/" + id + "/stats").json().path("cpuPercent").asDouble())
                    .isBetween(30.0, 65.0);
        } finally {
            api.delete("/v1/containers/" + id + "?force=true");
        }
    }

    @Test
    void statsReportMemoryNetOfCacheAgainstTheLimit() {
        String id = api.create(Map.of("image", "busybox", "memory", "64m",
                "cmd", List.of("sh", "-c", "head -c 8m /dev/zero > /dev/shm/fill; sleep 30 & wait")), true);
        try {
            sleep(Duration.ofMillis(500));
            var stats = api.get("/v1/containers/" + id + "/stats").json();
            assertThat(stats.path("memoryLimit").asLong()).isEqualTo(64L << 20);
            // tmpfs pages are shmem, not reclaimable cache: they count.
            assertThat(stats.path("memoryUsage").asLong()).isGreaterThan(8L << 20).isLessThan(64L << 20);
            assertThat(stats.path("pids").asLong()).isEqualTo(2);
            assertThat(stats.path("pidsLimit").asLong()).isEqualTo(-1);
        } finally {
            api.delete("/v1/containers/" + id + "?force=true");
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
