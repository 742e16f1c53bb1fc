package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** create, start, stop, kill, wait, restart, rm and --rm, as a client sees them, and what each leaves behind. */
class LifecycleIT extends FastAgentIT {

    private String start(String... cmd) {
        return api.create(Map.of("image", "busybox", "cmd", List.of(cmd)), true);
    }

    private long timeMillis(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    @Test
    void exitCodesComeBackThroughWait() {
        assertThat(api.sh("exit 3").exitCode()).isEqualTo(3);
        assertThat(api.sh("true").exitCode()).isZero();
        // PID 1 of a namespace cannot be killed from inside it; its child can, and the shell reports 128 + 9.
        assertThat(api.sh("sh -c 'kill -9 $$'; exit $?").exitCode()).isEqualTo(137);
    }

    @Test
    void stopSendsTermThenKillAfterTheGracePeriod() {
        // sleep as PID 1 has no handler: the kernel ignores SIGTERM, so stop must wait the grace period and kill.
        String stubborn = start("sleep", "1000");
        long millis = timeMillis(() -> assertThat(api.post("/v1/containers/" + stubborn + "/stop?t=1").status())
                .isEqualTo(204));
        assertThat(millis).isBetween(900L, 5000L);
        assertThat(api.inspect(stubborn).path("state").path("exitCode").asInt()).isEqualTo(137);

        String polite = start("sh", "-c", "trap 'exit 0' TERM; while :; do sleep 0.1; done");
        LimitsIT.sleep(Duration.ofMillis(300));
        millis = timeMillis(() -> api.post("/v1/containers/" + polite + "/stop?t=10"));
        assertThat(millis).isLessThan(3000L);
        JsonNode state = api.inspect(polite).path("state");
        assertThat(state.path("status").asString()).isEqualTo("exited");
        assertThat(state.path("exitCode").asInt()).isZero();
        api.delete("/v1/containers/" + stubborn);
        api.delete("/v1/containers/" + polite);
    }

    @Test
    void killDeliversTheSignalAsked() {
        String id = start("sh", "-c", "trap 'exit 42' USR1; while :; do sleep 0.1; done");
        LimitsIT.sleep(Duration.ofMillis(300));

        assertThat(api.post("/v1/containers/" + id + "/kill?signal=USR1").status()).isEqualTo(204);

        assertThat(api.await(id).path("exitCode").asInt()).isEqualTo(42);
        ApiClient.Response again = api.post("/v1/containers/" + id + "/kill?signal=TERM");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.detail()).contains("is not running");
        assertThat(api.post("/v1/containers/" + id + "/kill?signal=NOPE").status()).isEqualTo(400);
        api.delete("/v1/containers/" + id);
    }

    @Test
    void autoRemoveLeavesNoDirectoryCgroupOrMount() {
        String id = api.create(Map.of("image", "busybox", "cmd", List.of("sh", "-c", "echo bye"), "autoRemove", true,
                "memory", "32m", "pidsLimit", 10), true);

        assertThat(api.post("/v1/containers/" + id + "/wait").json().path("exitCode").asInt()).isZero();
        for (int i = 0; i < 50 && api.get("/v1/containers/" + id).status() != 404; i++) {
            LimitsIT.sleep(Duration.ofMillis(20));
        }
        assertThat(api.get("/v1/containers/" + id).status()).isEqualTo(404);
        assertNoTrace(id);
        // A late wait still learns the exit status.
        assertThat(api.post("/v1/containers/" + id + "/wait").json().path("exitCode").asInt()).isZero();
    }

    @Test
    void forceRemovingARunningContainerKillsItAndCleansUp() {
        String id = start("sleep", "1000");
        ApiClient.Response refused = api.delete("/v1/containers/" + id);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.detail()).contains("cannot remove a running container");

        assertThat(api.delete("/v1/containers/" + id + "?force=true").status()).isEqualTo(204);

        assertNoTrace(id);
    }

    private void assertNoTrace(String id) {
        assertThat(HostCgroups.leftoverCgroups(id)).isEmpty();
        assertThat(HostCgroups.hostMountsMentioning(id)).isEmpty();
        Path state = Path.of(System.getProperty("berth.it.dir"), "fast/state/containers", id);
        Path run = Path.of(System.getProperty("berth.it.dir"), "fast/run/containers", id);
        assertThat(state).doesNotExist();
        assertThat(run).doesNotExist();
    }

    @Test
    void restartKeepsTheWritableLayerAndGivesANewStart() {
        String id = start("sh", "-c", "echo run >> /data; cat /data; sleep 1000");
        LimitsIT.sleep(Duration.ofMillis(200));
        Instant firstStart = Instant.parse(api.inspect(id).path("state").path("startedAt").asString());

        assertThat(api.post("/v1/containers/" + id + "/restart?t=0").status()).isEqualTo(204);
        LimitsIT.sleep(Duration.ofMillis(300));

        JsonNode state = api.inspect(id).path("state");
        assertThat(state.path("running").asBoolean()).isTrue();
        assertThat(Instant.parse(state.path("startedAt").asString())).isAfter(firstStart);
        assertThat(ApiClient.text(api.logs(id, "stdout=true&stderr=false"))).isEqualTo("run\nrun\nrun\n");
        api.delete("/v1/containers/" + id + "?force=true");
    }

    @Test
    void inspectShowsStateTimesLimitsAndImage() {
        String id = api.create(Map.of("image", "busybox", "name", "inspected-" + System.nanoTime() % 100000,
                "cmd", List.of("sleep", "1000"), "memory", "48m", "cpus", 0.25, "pidsLimit", 33), true);
        JsonNode running = api.inspect(id);
        assertThat(running.path("state").path("status").asString()).isEqualTo("running");
        int pid = running.path("state").path("pid").asInt();
        assertThat(pid).isPositive();
        assertThat(Path.of("/proc/" + pid)).exists();
        assertThat(running.path("image").asString()).isEqualTo("busybox");
        assertThat(running.path("imageId").asString()).startsWith("sha256:");
        assertThat(running.path("resources").path("memory").asLong()).isEqualTo(48L << 20);
        assertThat(running.path("resources").path("cpuQuota").asLong()).isEqualTo(25_000);
        assertThat(running.path("path").asString()).isEqualTo("sleep");

        api.post("/v1/containers/" + id + "/kill");
        api.await(id);
        JsonNode exited = api.inspect(id).path("state");
        assertThat(exited.path("status").asString()).isEqualTo("exited");
        assertThat(exited.path("exitCode").asInt()).isEqualTo(137);
        assertThat(exited.path("pid").asInt()).isZero();
        assertThat(exited.path("oomKilled").asBoolean()).isFalse();
        assertThat(Instant.parse(exited.path("finishedAt").asString()))
                .isAfter(Instant.parse(exited.path("startedAt").asString()));
        api.delete("/v1/containers/" + id);
    }

    @Test
    void listShowsRunningByDefaultAndAllOnRequest() {
        String running = start("sleep", "1000");
        String exited = start("true");
        api.await(exited);

        List<String> runningIds = api.get("/v1/containers").json().valueStream()
                .map(c -> c.path("id").asString()).toList();
        List<String> allIds = api.get("/v1/containers?all=true").json().valueStream()
                .map(c -> c.path("id").asString()).toList();
        assertThat(runningIds).contains(running).doesNotContain(exited);
        assertThat(allIds).contains(running, exited);
        api.delete("/v1/containers/" + running + "?force=true");
        api.delete("/v1/containers/" + exited);
    }

    @Test
    void anInitForwardsSignalsAndReapsOrphans() throws Exception {
        // Without an init, PID 1 (sleep) never waits: the orphaned "sleep 0.1" stays a zombie.
        String bare = start("sh", "-c", "(sleep 0.1 &); exec sleep 1000");
        String init = api.create(Map.of("image", "busybox", "init", true,
                "cmd", List.of("sh", "-c", "(sleep 0.1 &); exec sleep 1000")), true);
        LimitsIT.sleep(Duration.ofMillis(600));

        assertThat(zombiesUnder(api.inspect(bare).path("state").path("pid").asInt())).isEqualTo(1);
        int initPid = api.inspect(init).path("state").path("pid").asInt();
        assertThat(Files.readString(Path.of("/proc/" + initPid + "/cmdline")).split("\0")[0]).isEqualTo("/dev/init");
        assertThat(zombiesUnder(initPid)).isZero();

        // The init forwards SIGTERM to sleep, which dies of it: no grace period needed.
        long millis = timeMillis(() -> api.post("/v1/containers/" + init + "/stop?t=10"));
        assertThat(millis).isLessThan(3000L);
        assertThat(api.inspect(init).path("state").path("exitCode").asInt()).isEqualTo(143);
        api.delete("/v1/containers/" + bare + "?force=true");
        api.delete("/v1/containers/" + init);
    }

    @Test
    void launchGatesLiveInADirectoryOnlyRootCanEnter() throws Exception {
        Path launches = Path.of(System.getProperty("berth.it.dir"), "fast/run/containers");

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(launches)))
                .isEqualTo("rwx------");
    }

    @Test
    void launchesAndExitsAreCountedForPrometheus() {
        api.sh("exit 0");

        String metrics = api.get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("berth_container_launch_seconds_count\\{mode=\"fast\"\\} [1-9]")
                .containsPattern("berth_container_exits_total\\{reason=\"exited\"\\} [1-9]")
                .contains("berth_containers{state=\"running\"}");
        assertThat(api.get("/actuator/health").json().path("status").asString()).isEqualTo("UP");
    }

    /** Zombie processes among the descendants of a host pid. */
    private static long zombiesUnder(int pid) throws Exception {
        long zombies = 0;
        for (String child : Files.readString(Path.of("/proc/" + pid + "/task/" + pid + "/children")).trim().split(" ")) {
            if (child.isEmpty()) {
                continue;
            }
            String stat = Files.readString(Path.of("/proc/" + child + "/stat"));
            if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                zombies++;
            }
            zombies += zombiesUnder(Integer.parseInt(child));
        }
        return zombies;
    }
}
