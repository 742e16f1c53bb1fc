package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.NodeAgentApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A cluster node's agent restarted while its replicas run: the new agent knows them again by their labels (the same
 * containers, not new ones), reports them running, and restarts one by its policy when it dies afterwards. The real
 * scheduler runs from its jar on 127.0.0.1:7861 (schema {@code scheduler_clu_restart_it}); both agents listen on
 * 127.0.0.1:7862, with ClusterIT's networks (bridge berthclu0, 10.57.0.0/16, nft table berth_clu) and state.
 */
class ClusterRestartIT {
    private static final Path DIR = Path.of(System.getProperty("berth.it.dir", "target/it"), "cluster");
    private static final int SCHEDULER_PORT = 7861;
    private static final int AGENT_PORT = 7862;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static SchedulerProcess scheduler;

    @BeforeAll
    static void startScheduler() throws Exception {
        Root.require();
        scheduler = SchedulerProcess.start(SCHEDULER_PORT, "scheduler_clu_restart_it",
                "--berth.scheduler.node-grace=10s", "--berth.scheduler.reconcile-interval=100ms",
                "--berth.scheduler.watch.poll=50ms", "--berth.scheduler.watch.keepalive=2s");
    }

    @AfterAll
    static void stopScheduler() throws Exception {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private static ConfigurableApplicationContext startAgent() {
        return new SpringApplicationBuilder(NodeAgentApplication.class).properties(
                "berth.agent.state-dir=" + DIR.resolve("state"), "berth.agent.run-dir=" + DIR.resolve("run"),
                "berth.agent.launch-mode=fast", "berth.agent.logs.service=",
                "berth.agent.network.default-bridge=berthclu0", "berth.agent.network.default-subnet=10.57.0.0/16",
                "berth.agent.network.pool=10.58.0.0/16", "berth.agent.network.table=berth_clu",
                "berth.agent.cluster.scheduler=" + scheduler.url(), "berth.agent.cluster.node-id=clu-restart",
                "berth.agent.cluster.heartbeat=300ms", "berth.agent.cluster.stop-timeout=1s")
                // A default property would lose to application.properties (7700, where an installed agent listens).
                .run("--server.port=" + AGENT_PORT);
    }

    @Test
    void aRestartedAgentKnowsItsReplicasAgainAndKeepsThemUnderTheirPolicy() throws Exception {
        ConfigurableApplicationContext first = startAgent();
        ApiClient api = new ApiClient(AGENT_PORT);
        ConfigurableApplicationContext second = null;
        try {
            if (api.get("/v1/images/busybox").status() == 404) {
                assertThat(api.importTar(BusyboxImage.tar(), "busybox:latest").status()).isEqualTo(201);
            }
            HttpResponse<String> created = send("POST", "/api/v1/apps?tenant=acme", "{\"name\":\"keep\","
                    + "\"services\":{\"web\":{\"image\":\"busybox\",\"command\":[\"sleep\",\"3600\"],\"replicas\":2,"
                    + "\"restart\":{\"policy\":\"always\",\"backoff\":\"200ms\",\"maxBackoff\":\"1s\"}}}}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            await("two replicas running", () -> running(api).size() == 2);
            Map<String, Integer> before = pids(running(api));

            first.close();
            first = null;
            second = startAgent();

            await("the new agent heartbeats", () -> statuses().equals(List.of("running", "running")));
            Thread.sleep(1500); // several heartbeats and convergence passes
            assertThat(pids(running(api))).as("the same containers, still running").isEqualTo(before);
            assertThat(replicas(api)).hasSize(2);
            assertThat(api.get("/actuator/prometheus").body()).as("nothing created by the new agent")
                    .doesNotContain("berth_cluster_converge_total{action=\"create\"");

            // One dies: the new agent, which adopted it, starts it again by its policy.
            String id = before.keySet().iterator().next();
            int pid = before.get(id);
            assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();
            await("restarted by the new agent", () -> {
                JsonNode now = api.inspect(id);
                return now.path("state").path("running").asBoolean() && now.path("state").path("pid").asInt() != pid;
            });
            await("the restart reported", () -> {
                int restarts = 0;
                for (JsonNode replica : ps()) {
                    restarts += replica.path("restarts").asInt();
                }
                return restarts == 1;
            });

            send("DELETE", "/api/v1/apps/keep?tenant=acme", null);
            await("the replicas removed", () -> replicas(api).isEmpty());
        } finally {
            for (JsonNode container : replicas(api)) {
                api.delete("/v1/containers/" + container.get("id").asString() + "?force=true");
            }
            if (first != null) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
        }
    }

    private static List<JsonNode> replicas(ApiClient api) {
        List<JsonNode> replicas = new ArrayList<>();
        ApiClient.Response list;
        try {
            list = api.get("/v1/containers?all=true");
        } catch (RuntimeException e) {
            return replicas; // no agent listening
        }
        for (JsonNode summary : list.json()) {
            ApiClient.Response inspected = api.get("/v1/containers/" + summary.get("id").asString());
            if (inspected.status() == 200 && inspected.json().path("config").path("labels").has("berth.replica")) {
                replicas.add(inspected.json());
            }
        }
        return replicas;
    }

    private static List<JsonNode> running(ApiClient api) {
        return replicas(api).stream().filter(c -> c.path("state").path("running").asBoolean()).toList();
    }

    private static Map<String, Integer> pids(List<JsonNode> containers) {
        Map<String, Integer> pids = new TreeMap<>();
        containers.forEach(c -> pids.put(c.get("id").asString(), c.path("state").path("pid").asInt()));
        return pids;
    }

    private static JsonNode ps() {
        return JSON.readTree(send("GET", "/api/v1/apps/keep/services/web/ps?tenant=acme", null).body());
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

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; replicas as the scheduler has them: "
                        + send("GET", "/api/v1/apps/keep/services/web/ps?tenant=acme", null).body()
                        + "; scheduler log: " + scheduler.log());
            }
            Thread.sleep(100);
        }
    }
}
