package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent as a cluster member, against the real scheduler (its jar, in a process of its own, on loopback port 7860,
 * schema {@code scheduler_clu_it}): an app's replicas run on the agent with their labels and limits, a scale-down
 * removes one, a killed replica is restarted by its policy, and a new version replaces the container. The agent has
 * networks of its own (bridge berthclu0, 10.57.0.0/16, pool 10.58.0.0/16, nft table berth_clu); nothing leaves the
 * host.
 */
@TestPropertySource(properties = {"berth.agent.state-dir=${berth.it.dir}/cluster/state",
        "berth.agent.run-dir=${berth.it.dir}/cluster/run", "berth.agent.launch-mode=fast",
        "berth.agent.network.default-bridge=berthclu0", "berth.agent.network.default-subnet=10.57.0.0/16",
        "berth.agent.network.pool=10.58.0.0/16", "berth.agent.network.table=berth_clu",
        "berth.agent.cluster.scheduler=http://127.0.0.1:" + ClusterIT.SCHEDULER_PORT,
        "berth.agent.cluster.node-id=clu-it", "berth.agent.cluster.labels.zone=a",
        "berth.agent.cluster.heartbeat=300ms", "berth.agent.cluster.stop-timeout=1s",
        "berth.agent.cluster.ports.min=7862", "berth.agent.cluster.ports.max=7879"})
// The agent stops with the class: its cluster member must not outlive the scheduler of this class.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ClusterIT extends AgentIT {
    static final int SCHEDULER_PORT = 7860;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static SchedulerProcess scheduler;

    @BeforeAll
    static void startScheduler() throws Exception {
        Root.require();
        scheduler = SchedulerProcess.start(SCHEDULER_PORT, "scheduler_clu_it", "--berth.scheduler.node-grace=5s",
                "--berth.scheduler.reconcile-interval=100ms", "--berth.scheduler.watch.poll=50ms",
                "--berth.scheduler.watch.keepalive=2s");
    }

    @AfterAll
    static void stopScheduler() throws Exception {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    /** The app goes, and with it every replica container; any left (a failed test) are removed by hand. */
    @AfterEach
    void removeTheApp() throws Exception {
        send("DELETE", "/api/v1/apps/shop?tenant=acme", null);
        try {
            await("the replicas removed", Duration.ofSeconds(20), () -> replicas().isEmpty());
        } finally {
            for (JsonNode container : replicas()) {
                api.delete("/v1/containers/" + container.get("id").asString() + "?force=true");
            }
        }
    }

    @Test
    void replicasRunScaleRestartAndAreReplacedByANewVersion() throws Exception {
        JsonNode info = api.get("/v1/info").json();
        assertThat(info.path("cluster").path("node").asString()).isEqualTo("clu-it");
        assertThat(info.path("cluster").path("scheduler").asString()).isEqualTo(scheduler.url());
        await("the node registered", Duration.ofSeconds(20),
                () -> send("GET", "/api/v1/nodes/clu-it", null).statusCode() == 200);
        JsonNode node = JSON.readTree(send("GET", "/api/v1/nodes/clu-it", null).body());
        assertThat(node.toString()).contains("\"zone\":\"a\"");

        HttpResponse<String> created = send("POST", "/api/v1/apps?tenant=acme", "{\"name\":\"shop\",\"services\":"
                + "{\"web\":" + spec("v1", 2) + "}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        // Two replicas run, named, labelled and limited by the spec.
        await("two replicas running", Duration.ofSeconds(30), () -> running().size() == 2);
        List<JsonNode> two = running();
        assertThat(two).extracting(c -> c.get("name").asString()).containsExactlyInAnyOrder("acme.shop.web.0",
                "acme.shop.web.1");
        for (JsonNode c : two) {
            JsonNode labels = c.path("config").path("labels");
            assertThat(labels.path("berth.tenant").asString()).isEqualTo("acme");
            assertThat(labels.path("berth.app").asString()).isEqualTo("shop");
            assertThat(labels.path("berth.service").asString()).isEqualTo("web");
            assertThat(labels.path("berth.spec-version").asString()).isEqualTo("1");
            assertThat(labels.path("berth.replica").asString()).matches("[0-9]+");
            assertThat(c.path("resources").path("memory").asLong()).isEqualTo(48L << 20);
            assertThat(c.path("resources").path("cpus").asDouble()).isEqualTo(0.5);
            assertThat(c.path("resources").path("pidsLimit").asLong()).isEqualTo(64);
            assertThat(c.path("config").path("env").toString()).contains("MODE=v1");
            assertThat(c.path("path").asString()).isEqualTo("sleep");
            assertThat(c.path("args").toString()).isEqualTo("[\"3600\"]");
            String id = c.get("id").asString();
            assertThat(HostCgroups.read(Path.of("/sys/fs/cgroup/memory/berth", id, "memory.limit_in_bytes")))
                    .isEqualTo(Long.toString(48L << 20));
            assertThat(HostCgroups.read(Path.of("/sys/fs/cgroup/cpu/berth", id, "cpu.cfs_quota_us")))
                    .isEqualTo("50000");
            assertThat(HostCgroups.read(Path.of("/sys/fs/cgroup/pids/berth", id, "pids.max"))).isEqualTo("64");
        }
        await("the scheduler sees both running", Duration.ofSeconds(10), () -> statuses().equals(
                List.of("running", "running")));

        // Scale to one: the other container goes.
        assertThat(send("POST", "/api/v1/apps/shop/services/web/scale?tenant=acme", "{\"replicas\":1}")
                .statusCode()).isEqualTo(200);
        await("one replica left", Duration.ofSeconds(20), () -> replicas().size() == 1);
        JsonNode survivor = running().getFirst();
        String survivorId = survivor.get("id").asString();

        // Its process is killed: the policy (always, 200 ms backoff) starts it again, and the restart is reported.
        int pid = survivor.path("state").path("pid").asInt();
        assertThat(pid).isPositive();
        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();
        await("restarted with a new process", Duration.ofSeconds(20), () -> {
            JsonNode now = api.inspect(survivorId);
            return now.path("state").path("running").asBoolean() && now.path("state").path("pid").asInt() != pid;
        });
        await("the restart reported to the scheduler", Duration.ofSeconds(10), () -> {
            JsonNode ps = ps();
            return ps.size() == 1 && ps.get(0).path("restarts").asInt() == 1
                    && ps.get(0).path("status").asString().equals("running");
        });

        // A new version (another env): the replica is replaced by a container of the new version.
        HttpResponse<String> put = send("PUT", "/api/v1/apps/shop/services/web?tenant=acme", spec("v2", 1));
        assertThat(put.statusCode()).as(put.body()).isBetween(200, 201);
        await("the new version running alone", Duration.ofSeconds(30), () -> {
            List<JsonNode> all = replicas();
            return all.size() == 1 && all.getFirst().path("state").path("running").asBoolean()
                    && all.getFirst().path("config").path("env").toString().contains("MODE=v2");
        });
        JsonNode replaced = replicas().getFirst();
        assertThat(replaced.get("id").asString()).isNotEqualTo(survivorId);
        assertThat(replaced.path("config").path("labels").path("berth.spec-version").asInt()).isGreaterThan(2);
        assertThat(api.get("/v1/containers/" + survivorId).status()).isEqualTo(404);
        String meters = api.get("/actuator/prometheus").body();
        assertThat(meters).contains("berth_cluster_heartbeats_total{result=\"ok\"}")
                .contains("berth_cluster_converge_total{action=\"create\",result=\"ok\"}")
                .contains("berth_cluster_restarts_total");
    }

    @Test
    void healthChecksByExecAndByHttpReportAndReplaceUnhealthyReplicas() throws Exception {
        // web: busybox httpd serves /healthz on 8080, checked on the container's own address on berthclu0.
        String web = "{\"image\":\"busybox\",\"command\":[\"sh\",\"-c\",\"mkdir -p /www && echo ok >"
                + " /www/healthz && exec httpd -f -p 8080 -h /www\"],\"restart\":{\"policy\":\"always\","
                + "\"backoff\":\"200ms\",\"maxBackoff\":\"1s\"},\"health\":{\"http\":{\"port\":8080,"
                + "\"path\":\"/healthz\"},\"interval\":\"300ms\",\"timeout\":\"200ms\",\"retries\":2}}";
        // worker: healthy while /tmp/sick does not exist, checked by an exec in the container.
        String worker = "{\"image\":\"busybox\",\"command\":[\"sleep\",\"3600\"],\"restart\":{\"policy\":"
                + "\"always\",\"backoff\":\"200ms\",\"maxBackoff\":\"1s\"},\"health\":{\"exec\":[\"sh\","
                + "\"-c\",\"test ! -f /tmp/sick\"],\"interval\":\"300ms\",\"timeout\":\"300ms\","
                + "\"retries\":2}}";
        HttpResponse<String> created = send("POST", "/api/v1/apps?tenant=acme", "{\"name\":\"shop\",\"services\":"
                + "{\"web\":" + web + ",\"worker\":" + worker + "}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        await("both healthy at the scheduler", Duration.ofSeconds(30),
                () -> status("web").equals("healthy") && status("worker").equals("healthy"));

        // The worker turns sick: unhealthy after two failed checks, and the agent stops it at once for its policy
        // to start again. It reports the verdict as it is, so the scheduler may also replace the replica in its slot
        // (scheduler/README.md): either way a healthy worker follows once the cause is gone.
        String workerId = replica("worker").get("id").asString();
        assertThat(exec(workerId, "touch", "/tmp/sick")).isZero();
        await("the sick worker stopped by the agent", Duration.ofSeconds(20), () -> unhealthyRestarts() >= 1);
        for (JsonNode candidate : replicas()) {
            if (candidate.path("config").path("labels").path("berth.service").asString().equals("worker")
                    && candidate.path("state").path("running").asBoolean()) {
                exec(candidate.get("id").asString(), "rm", "-f", "/tmp/sick");
            }
        }
        await("a healthy worker again", Duration.ofSeconds(30), () -> status("worker").equals("healthy"));

        // web loses /healthz: 404s make it unhealthy; its restart runs the command again, which writes it back.
        double before = unhealthyRestarts();
        String webId = replica("web").get("id").asString();
        assertThat(exec(webId, "rm", "/www/healthz")).isZero();
        await("web stopped after failing its HTTP checks", Duration.ofSeconds(20),
                () -> unhealthyRestarts() > before);
        await("a healthy web again", Duration.ofSeconds(30), () -> status("web").equals("healthy"));
    }

    private int exec(String container, String... cmd) {
        ApiClient.Response done = api.post("/v1/containers/" + container + "/exec?wait=true",
                java.util.Map.of("cmd", List.of(cmd)));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        return done.json().path("exitCode").asInt();
    }

    /** The agent's count of replicas it stopped for being unhealthy, from its meters. */
    private double unhealthyRestarts() {
        for (String line : api.get("/actuator/prometheus").body().lines().toList()) {
            if (line.startsWith("berth_cluster_converge_total{action=\"restart-unhealthy\",result=\"ok\"}")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private JsonNode replica(String service) {
        return replicas().stream().filter(c -> c.path("config").path("labels").path("berth.service").asString()
                .equals(service)).findFirst().orElseThrow();
    }

    private static JsonNode psOf(String service) {
        return JSON.readTree(send("GET", "/api/v1/apps/shop/services/" + service + "/ps?tenant=acme", null).body());
    }

    private static String status(String service) {
        JsonNode ps = psOf(service);
        return ps.size() == 1 ? ps.get(0).path("status").asString() : "";
    }

    private static String spec(String mode, int replicas) {
        return "{\"image\":\"busybox\",\"command\":[\"sleep\",\"3600\"],\"env\":{\"MODE\":\"" + mode + "\"},"
                + "\"replicas\":" + replicas + ",\"resources\":{\"cpu\":{\"request\":\"100m\",\"limit\":\"500m\"},"
                + "\"memory\":{\"request\":\"32Mi\",\"limit\":\"48Mi\"},\"pids\":64},"
                + "\"restart\":{\"policy\":\"always\",\"backoff\":\"200ms\",\"maxBackoff\":\"2s\"}}";
    }

    /** Every container of the agent that carries a replica label, inspected. */
    private List<JsonNode> replicas() {
        List<JsonNode> replicas = new ArrayList<>();
        for (JsonNode summary : api.get("/v1/containers?all=true").json()) {
            ApiClient.Response inspected = api.get("/v1/containers/" + summary.get("id").asString());
            if (inspected.status() == 200 && inspected.json().path("config").path("labels").has("berth.replica")) {
                replicas.add(inspected.json());
            }
        }
        return replicas;
    }

    private List<JsonNode> running() {
        return replicas().stream().filter(c -> c.path("state").path("running").asBoolean()).toList();
    }

    private static JsonNode ps() {
        return JSON.readTree(send("GET", "/api/v1/apps/shop/services/web/ps?tenant=acme", null).body());
    }

    private static List<String> statuses() {
        List<String> statuses = new ArrayList<>();
        ps().forEach(replica -> statuses.add(replica.path("status").asString()));
        return statuses;
    }

    private static HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheduler.url() + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; replicas as the"
                        + " scheduler has them: " + send("GET", "/api/v1/apps/shop/services/web/ps?tenant=acme", null)
                        .body() + "; scheduler log: " + scheduler.log());
            }
            Thread.sleep(100);
        }
    }
}
