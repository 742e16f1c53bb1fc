package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An installation whose services all require the internal token ({@code berth.internal.token-file}), as
 * deploy/up.sh starts them: the real scheduler, registry and log-service jars on ports of 7940–7949, and a node
 * agent that is the scheduler's node, pushes to that registry and ships to that log-service. Each service refuses a
 * request without the token (401) and answers its health check to anyone; the agent, holding the token, still joins
 * the cluster, pushes and ships; the CLI, given the token file, works against them all, and without it is refused.
 */
class InternalTokenIT {
    private static final String TOKEN = "Ul2nW8xQ0bE5rT7yK3mZ9cV1aS4dF6gH0jL2pO8iU_-";
    private static final String NODE = "token-node";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ServiceProcess scheduler;
    private static ServiceProcess registry;
    private static ServiceProcess logService;
    private static NodeUnderTest node;
    private static Cli berth;

    @BeforeAll
    static void startAnInstallationThatRequiresTheToken() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(SourceTree.root().resolve("cli/target/it")),
                "internal-token-");
        Path tokenFile = ServiceProcess.internalTokenFile(work, TOKEN);
        String required = "--berth.internal.token-file=" + tokenFile;
        Path java = Path.of(System.getProperty("java.home"), "bin/java");
        scheduler = ServiceProcess.on("scheduler", java, work.resolve("scheduler"),
                ServiceProcess.freePortIn(7940, 7949), "scheduler_internal_it", List.of(required));
        registry = ServiceProcess.on("registry-service", java, work.resolve("registry"),
                ServiceProcess.freePortIn(7940, 7949), "registry_internal_it",
                List.of(required, "--berth.registry.data-dir=" + work.resolve("registry/data")));
        logService = ServiceProcess.on("log-service", java, work.resolve("log-service"),
                ServiceProcess.freePortIn(7940, 7949), "log_service_internal_it", List.of(required));
        node = NodeUnderTest.startOwn("internal-token-", List.of(required,
                "--berth.agent.network.default-bridge=berthtok0", "--berth.agent.network.default-subnet=10.87.0.0/16",
                "--berth.agent.network.pool=10.88.0.0/16", "--berth.agent.network.table=berth_tok",
                "--berth.agent.registry.default=" + registry.address(),
                "--berth.agent.cluster.scheduler=" + scheduler.url(), "--berth.agent.cluster.node-id=" + NODE,
                "--berth.agent.cluster.heartbeat=1s", NodeAgent.SHIP_LOGS_TO + logService.url(),
                "--berth.agent.logs.node=" + NODE),
                Map.of("BERTH_INTERNAL_TOKEN_FILE", tokenFile.toString(), "BERTH_SCHEDULER", scheduler.url()));
        berth = node.cli();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        for (ServiceProcess service : new ServiceProcess[] {logService, registry, scheduler}) {
            if (service != null) {
                service.close();
            }
        }
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyServiceAnswersOnlyWithTheTokenAndItsHealthToAnyone() throws Exception {
        Map<String, String> protectedUrls = new LinkedHashMap<>();
        protectedUrls.put("scheduler", scheduler.url() + "/api/v1/nodes");
        protectedUrls.put("registry", registry.url() + "/v2/");
        protectedUrls.put("log-service", logService.url() + "/actuator/info");
        protectedUrls.put("node agent", node.agent().url() + "/v1/info");
        String wrong = TOKEN.substring(0, TOKEN.length() - 1) + "x";
        for (Map.Entry<String, String> service : protectedUrls.entrySet()) {
            String name = service.getKey();
            String url = service.getValue();
            String base = URI.create(url).resolve("/").toString();

            HttpResponse<String> without = get(url);
            assertThat(without.statusCode()).as(name + " without the token").isEqualTo(401);
            assertThat(without.body()).as(name).contains("X-Berth-Internal-Token").doesNotContain(TOKEN);
            assertThat(get(url, "X-Berth-Internal-Token", wrong).statusCode()).as(name + ", a wrong token")
                    .isEqualTo(401);
            assertThat(get(base + "actuator/prometheus").statusCode()).as(name + "'s metrics").isEqualTo(401);

            HttpResponse<String> with = get(url, "X-Berth-Internal-Token", TOKEN);
            assertThat(with.statusCode()).as(name + " with the token: " + with.body()).isEqualTo(200);
            assertThat(get(url, "Authorization", "Bearer " + TOKEN).statusCode()).as(name + ", the token as bearer")
                    .isEqualTo(200);

            for (String health : new String[] {"actuator/health", "actuator/health/liveness",
                    "actuator/health/readiness"}) {
                assertThat(get(base + health).statusCode()).as(name + " " + health + " without the token")
                        .isEqualTo(200);
            }
        }
        String query = logService.url() + "/api/v1/logs?tenant=default&app=none";
        assertThat(get(query).statusCode()).as("a log query without the token").isEqualTo(401);
        assertThat(get(query, "X-Berth-Internal-Token", TOKEN).statusCode()).as("with it: no such app")
                .isEqualTo(404);
        assertThat(get(registry.url() + "/v2/").body()).as("the registry's refusal, in the OCI form")
                .startsWith("{\"errors\":[{\"code\":\"UNAUTHORIZED\"");
        assertThat(get(scheduler.url() + "/api/v1/nodes").headers().firstValue("Content-Type"))
                .contains("application/problem+json");
    }

    @Test
    void theAgentRegistersAndHeartbeatsWithTheToken() throws Exception {
        // The heartbeat reports the images the node holds: busybox, imported when the node started.
        HttpResponse<String> seen = await(() -> get(scheduler.url() + "/api/v1/nodes/" + NODE,
                "X-Berth-Internal-Token", TOKEN), answer -> answer.statusCode() == 200
                && answer.body().contains("\"state\":\"up\"") && answer.body().contains("busybox"));
        assertThat(seen.body()).contains("\"id\":\"" + NODE + "\"");

        CliResult nodes = berth.run("node", "ls");
        assertThat(nodes.exitCode()).as(nodes::toString).isZero();
        assertThat(PrintedTable.parse(nodes.out()).row("ID", NODE)).containsEntry("STATUS", "up");
    }

    @Test
    void theCliWithoutTheTokenIsRefused() {
        // Pointed at a file of another token; /etc/berth/internal-token, if this host has one, is not this one either.
        Cli stranger = berth.with(Map.of("BERTH_INTERNAL_TOKEN_FILE", "/nonexistent/internal-token"));

        CliResult ps = stranger.run("ps");
        CliResult nodes = stranger.run("node", "ls");

        assertThat(ps.exitCode()).as(ps::toString).isEqualTo(1);
        assertThat(ps.err()).startsWith("berth: the service wants the installation's internal token (401): ")
                .contains("X-Berth-Internal-Token", "BERTH_INTERNAL_TOKEN_FILE");
        assertThat(nodes.exitCode()).as(nodes::toString).isEqualTo(1);
        assertThat(nodes.err()).contains("internal token (401)");
    }

    @Test
    void theAgentPushesToTheRegistryAndShipsToLogServiceWithTheToken() throws Exception {
        CliResult push = berth.run("push", "busybox");
        assertThat(push.exitCode()).as(push::toString).isZero();
        assertThat(get(registry.url() + "/v2/busybox/tags/list", "X-Berth-Internal-Token", TOKEN).body())
                .contains("\"latest\"");

        berth.run("run", "--name", "said", "busybox", "echo", "through the token").requireSuccess();
        CliResult logs = berth.run("logs", "said");
        assertThat(logs.exitCode()).as(logs::toString).isZero();
        assertThat(logs.out()).isEqualTo("through the token\n");
        HttpResponse<String> stored = await(() -> get(logService.url() + "/api/v1/logs?tenant=default&app=said",
                "X-Berth-Internal-Token", TOKEN, "Accept", "text/plain"),
                answer -> answer.body().contains("through the token"));
        assertThat(stored.statusCode()).isEqualTo(200);
    }

    @Test
    void theAttachWebSocketTakesTheTokenToo() {
        // -i attaches over the agent's WebSocket, whose handshake carries the token like any request.
        CliResult attached = berth.run("run", "-i", "--rm", "busybox", "echo", "over the socket");

        assertThat(attached.exitCode()).as(attached::toString).isZero();
        assertThat(attached.out()).isEqualTo("over the socket\n");
    }

    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private static HttpResponse<String> await(Call call, Predicate<HttpResponse<String>> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        @Nullable HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = call.send();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within 30 s; the last answer: " + (last == null ? "none"
                : last.statusCode() + " " + last.body()));
    }
}
