package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code exec} into a running container: its namespaces, root, cgroup and credentials, and reaped by the agent. */
class ExecIT extends FastAgentIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private String container;

    @BeforeEach
    void startContainer() {
        container = api.create(Map.of("image", "busybox", "cmd", List.of("sleep", "1000"), "hostname", "box",
                "env", List.of("FROM_CONTAINER=yes"), "workingDir", "/srv"), true);
    }

    @AfterEach
    void removeContainer() {
        api.delete("/v1/containers/" + container + "?force=true");
    }

    /** Runs an attached exec to its end: its stdout and exit code. */
    private record Result(String stdout, String stderr, int exitCode) {}

    private Result exec(Map<String, Object> body) throws Exception {
        ApiClient.Response created = api.post("/v1/containers/" + container + "/exec", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asString();
        try (AttachClient attach = AttachClient.open(port, "/v1/exec/" + id + "/attach")) {
            int code = attach.exitCode(TIMEOUT);
            return new Result(attach.stdout(), attach.stderr(), code);
        }
    }

    private Result exec(String... cmd) throws Exception {
        return exec(Map.of("cmd", List.of(cmd)));
    }

    @Test
    void psListsTheContainersProcessesWithItsMainProcessAsPid1() throws Exception {
        Result ps = exec("ps");

        assertThat(ps.exitCode()).as(ps.toString()).isZero();
        assertThat(ps.stdout().lines()).anyMatch(line -> line.matches("\\s*1\\s+root\\s+sleep 1000"));
        // Its own PID space: nothing of the host, only sleep, ps itself and the header.
        assertThat(ps.stdout().lines()).hasSize(3);
    }

    @Test
    void seesTheContainersHostnameRootAndNetwork() throws Exception {
        String address = api.inspect(container).path("networkSettings").path("ipAddress").asString();

        Result result = exec("sh", "-c", "hostname; ip -4 addr show eth0; pwd; ls /srv >/dev/null && echo root ok");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).startsWith("box\n").contains("inet " + address + "/")
                .contains("/srv\n").contains("root ok");
    }

    @Test
    void userWorkingDirectoryAndEnvironmentAreHonoured() throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("cmd", List.of("sh", "-c", "id -u; id -g; pwd; echo $FOO $FROM_CONTAINER"));
        body.put("user", "1000:1001");
        body.put("workingDir", "/tmp");
        body.put("env", List.of("FOO=bar"));

        Result result = exec(body);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("1000\n1001\n/tmp\nbar yes\n");
    }

    @Test
    void theExitCodeComesBackAndAMissingCommandIs127() throws Exception {
        assertThat(exec("sh", "-c", "exit 7").exitCode()).isEqualTo(7);
        Result missing = exec("no-such-command");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.stderr()).contains("executable file not found");
    }

    /**
     * The exit message comes before any close, and the agent leaves the close to the client for a while: a proxy
     * that passed an immediate close on ahead of the last message would lose the exit code.
     */
    @Test
    void afterTheExitMessageTheClientClosesAndOnlyASilentClientIsClosedByTheAgent() throws Exception {
        ApiClient.Response created = api.post("/v1/containers/" + container + "/exec", Map.of("cmd",
                List.of("echo", "done")));
        String id = created.json().path("id").asString();
        try (AttachClient attach = AttachClient.open(port, "/v1/exec/" + id + "/attach")) {
            assertThat(attach.exitCode(TIMEOUT)).isZero();
            long exitAt = System.nanoTime();
            assertThat(attach.closeStatus(TIMEOUT)).matches("100[05] ");
            assertThat(Duration.ofNanos(System.nanoTime() - exitAt)).isGreaterThan(Duration.ofMillis(1500));
            assertThat(attach.stdout()).isEqualTo("done\n");
        }
    }

    @Test
    void execIntoAStoppedContainerIsAConflictAndIntoAnUnknownOneNotFound() {
        String stopped = api.create(Map.of("image", "busybox", "cmd", List.of("true")), false);
        try {
            ApiClient.Response conflict = api.post("/v1/containers/" + stopped + "/exec", Map.of("cmd", List.of("ls")));
            assertThat(conflict.status()).isEqualTo(409);
            assertThat(conflict.detail()).contains("is not running");

            ApiClient.Response unknown = api.post("/v1/containers/no-such-box/exec", Map.of("cmd", List.of("ls")));
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.detail()).contains("no such container");

            assertThat(api.get("/v1/exec/" + "0".repeat(64)).status()).isEqualTo(404);
        } finally {
            api.delete("/v1/containers/" + stopped + "?force=true");
        }
    }

    @Test
    void fiftyConcurrentExecsAllSucceedWithTheirOwnExitCodes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<ApiClient.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int code = i % 7;
                answers.add(pool.submit(() -> api.post("/v1/containers/" + container + "/exec?wait=true",
                        Map.of("cmd", List.of("sh", "-c", "exit " + code)))));
            }
            for (int i = 0; i < 50; i++) {
                ApiClient.Response answer = answers.get(i).get();
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                assertThat(answer.json().path("exitCode").asInt()).isEqualTo(i % 7);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void execdProcessesAreReapedAndTheirRecordSaysHowTheyEnded() throws Exception {
        List<Integer> pids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = api.post("/v1/containers/" + container + "/exec", Map.of("cmd", List.of("true")))
                    .json().path("id").asString();
            ApiClient.Response finished = api.post("/v1/exec/" + id + "/start?wait=true");
            assertThat(finished.status()).as(finished.body()).isEqualTo(200);
            assertThat(finished.json().path("exitCode").asInt()).isZero();
            pids.add(api.get("/v1/exec/" + id).json().path("pid").asInt());
        }
        ApiClient.Response created = api.post("/v1/containers/" + container + "/exec",
                Map.of("cmd", List.of("sh", "-c", "exit 4"), "detach", true));
        String id = created.json().path("id").asString();
        ApiClient.Response started = api.post("/v1/exec/" + id + "/start?wait=true");
        assertThat(started.json().path("exitCode").asInt()).isEqualTo(4);

        JsonNode record = api.get("/v1/exec/" + id).json();
        assertThat(record.path("running").asBoolean()).isFalse();
        assertThat(record.path("exitCode").asInt()).isEqualTo(4);
        assertThat(record.path("containerId").asString()).isEqualTo(container);
        assertThat(api.post("/v1/exec/" + id + "/start").status()).isEqualTo(409);
        pids.add(record.path("pid").asInt());
        assertThat(pids).allSatisfy(pid -> assertThat(pid).isPositive());
        assertThat(zombieChildrenOfThisJvm(pids)).as("exec'd processes nobody reaped").isEmpty();
    }

    /**
     * The agent runs in this JVM: any of {@code pids} still here as its child in state Z is an exit nobody reaped.
     * (Only these: containers of agents that other test classes started and stopped in this JVM may linger as zombies.)
     */
    private static List<String> zombieChildrenOfThisJvm(List<Integer> pids) throws IOException {
        long self = ProcessHandle.current().pid();
        List<String> zombies = new ArrayList<>();
        for (int pid : pids) {
            String stat;
            try {
                stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            } catch (IOException gone) {
                continue;
            }
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (fields[0].equals("Z") && Long.parseLong(fields[1]) == self) {
                zombies.add(stat);
            }
        }
        return zombies;
    }
}
