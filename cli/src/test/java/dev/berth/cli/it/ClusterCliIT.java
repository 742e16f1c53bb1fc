package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster verbs end to end: {@code bin/berth} against a real scheduler process on its own schema of the
 * PostgreSQL that deploy/test.sh runs, with two nodes that this test registers and heartbeats over the scheduler's
 * agent API, reporting every replica assigned to them as running (what a node agent will do once it runs them).
 */
class ClusterCliIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final String NODE_A = "cli-node-a";
    private static final String NODE_B = "cli-node-b";
    /** Each replica asks for 256 MiB; each node offers 512 MiB: four fit in all. */
    private static final String SPEC = """
            {"services": {"web": {"image": "busybox:1", "replicas": 2,
              "resources": {"memory": {"request": "256Mi", "limit": "256Mi"}},
              "placement": {"spread": "node.id"}}}}
            """;

    private static ServiceProcess scheduler;
    private static FakeNodes nodes;
    private static Cli berth;

    @BeforeAll
    static void startTheSchedulerAndTwoNodes() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(SourceTree.root().resolve("cli/target/it")),
                "cluster-");
        Path javaHome = Path.of(System.getProperty("java.home"));
        scheduler = ServiceProcess.scheduler(javaHome.resolve("bin/java"), work.resolve("scheduler"), List.of());
        nodes = new FakeNodes(scheduler.url(), List.of(NODE_A, NODE_B));
        // No agent: the scheduler is named by the environment, so the CLI never asks one where it is.
        berth = new Cli(SourceTree.launcher(), URI.create("http://127.0.0.1:9"), javaHome,
                Files.createDirectories(work.resolve("cache")),
                Map.of("BERTH_SCHEDULER", scheduler.url(), "BERTH_TENANT", "cli-it"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
    }

    @Test
    void anAppIsCreatedSpreadDeployedRolledBackScaledPastItsNodesDrainedAndRemoved() {
        CliResult created = berth.runWithInput(SPEC.getBytes(StandardCharsets.UTF_8), "app", "create", "shop", "-f",
                "-");
        assertThat(created.exitCode()).as(created::toString).isZero();
        assertThat(created.out()).isEqualTo("shop\n");
        JsonNode described = JSON.readTree(berth.run("app", "inspect", "shop").requireSuccess().out());
        assertThat(described.get(0).get("name").asString()).isEqualTo("shop");
        assertThat(described.get(0).get("tenant").asString()).isEqualTo("cli-it");
        assertThat(described.get(0).get("services").get(0).get("spec").get("resources").get("memory").get("request")
                .asString()).isEqualTo("268435456");

        // Spread over node.id: one replica on each node.
        PrintedTable ps = PrintedTable.parse(await(r -> nodesOf(r).equals(List.of(NODE_A, NODE_B)),
                "service", "ps", "shop/web").out());
        assertThat(ps.column("NAME")).containsExactly("shop.web.0", "shop.web.1");
        assertThat(ps.column("IMAGE")).containsOnly("busybox:1");
        assertThat(ps.column("DESIRED STATE")).containsOnly("Running");
        await(r -> PrintedTable.parse(r.out()).row("NAME", "shop/web").get("REPLICAS").equals("2/2"),
                "service", "ls", "shop");

        CliResult deployed = berth.run("deploy", "shop", "--image", "busybox:2", "--wait", "--timeout", "60");
        assertThat(deployed.exitCode()).as(deployed::toString).isZero();
        assertThat(deployed.outLines().getFirst()).isEqualTo("shop/web version 2: deploy busybox:2 (rollout"
                + " progressing)");
        assertThat(deployed.outLines().getLast()).isEqualTo("shop/web rollout done: version 2 rolled out");
        PrintedTable afterDeploy = PrintedTable.parse(await(r -> PrintedTable.parse(r.out()).column("IMAGE")
                .equals(List.of("busybox:2", "busybox:2")), "service", "ps", "shop/web").out());
        assertThat(afterDeploy.column("NODE")).containsExactlyInAnyOrder(NODE_A, NODE_B);

        CliResult rolledBack = berth.run("rollback", "shop");
        assertThat(rolledBack.exitCode()).as(rolledBack::toString).isZero();
        assertThat(rolledBack.out()).startsWith("shop/web version 3: rollback to version 1");
        PrintedTable versions = PrintedTable.parse(berth.run("service", "versions", "shop/web").requireSuccess()
                .out());
        assertThat(versions.column("VERSION")).containsExactly("3 (current)", "2", "1");
        assertThat(versions.column("IMAGE")).containsExactly("busybox:1", "busybox:2", "busybox:1");
        await(r -> PrintedTable.parse(r.out()).row("NAME", "shop/web").get("ROLLOUT").equals("done")
                && PrintedTable.parse(r.out()).row("NAME", "shop/web").get("REPLICAS").equals("2/2"),
                "service", "ls", "shop");

        // Five replicas of 256 MiB on two nodes of 512 MiB: four fit, the fifth says why on each node.
        CliResult scaled = berth.run("service", "scale", "shop/web=5");
        assertThat(scaled.exitCode()).as(scaled::toString).isZero();
        assertThat(scaled.out()).isEqualTo("shop/web scaled to 5 (version 4)\n");
        CliResult pending = await(r -> PrintedTable.parse(r.out()).rows().size() == 5
                && PrintedTable.parse(r.out()).column("NODE").stream().filter(String::isEmpty).count() == 1
                && r.out().contains("no suitable node"), "service", "ps", "--no-trunc", "shop/web");
        Map<String, String> waiting = PrintedTable.parse(pending.out()).row("NODE", "");
        assertThat(waiting.get("CURRENT STATE")).startsWith("Pending");
        assertThat(waiting.get("ERROR"))
                .startsWith("no suitable node (2 nodes: insufficient memory on 2): ")
                .contains(NODE_A + ": insufficient memory: 268435456 bytes requested, 0 of 536870912 free")
                .contains(NODE_B + ": insufficient memory: 268435456 bytes requested, 0 of 536870912 free");
        PrintedTable full = PrintedTable.parse(berth.run("node", "ls").requireSuccess().out());
        assertThat(full.row("ID", NODE_A)).containsEntry("STATUS", "up").containsEntry("AVAILABILITY", "active")
                .containsEntry("MEMORY", "512MiB/512MiB").containsEntry("REPLICAS", "2");

        // Back to two, then node A drained: its replica is replaced on B and leaves A.
        berth.run("service", "scale", "shop/web=2").requireSuccess();
        await(r -> PrintedTable.parse(r.out()).rows().size() == 2, "service", "ps", "shop/web");
        CliResult drained = berth.run("node", "drain", NODE_A);
        assertThat(drained.exitCode()).as(drained::toString).isZero();
        assertThat(drained.out()).isEqualTo(NODE_A + "\n");
        PrintedTable afterDrain = PrintedTable.parse(await(r -> PrintedTable.parse(r.out()).row("ID", NODE_A)
                .get("REPLICAS").equals("0"), "node", "ls").out());
        assertThat(afterDrain.row("ID", NODE_A)).containsEntry("AVAILABILITY", "drain")
                .containsEntry("MEMORY", "0B/512MiB");
        assertThat(afterDrain.row("ID", NODE_B)).containsEntry("AVAILABILITY", "active")
                .containsEntry("REPLICAS", "2");
        assertThat(nodesOf(berth.run("service", "ps", "shop").requireSuccess())).containsOnly(NODE_B);
        JsonNode inspected = JSON.readTree(berth.run("node", "inspect", NODE_A).requireSuccess().out());
        assertThat(inspected.get(0).get("draining").asBoolean()).isTrue();
        berth.run("node", "activate", NODE_A).requireSuccess();
        assertThat(PrintedTable.parse(berth.run("node", "ls").requireSuccess().out()).row("ID", NODE_A))
                .containsEntry("AVAILABILITY", "active");

        CliResult listed = berth.run("app", "ls");
        assertThat(PrintedTable.parse(listed.out()).row("NAME", "shop")).containsEntry("SERVICES", "1")
                .containsEntry("REPLICAS", "2/2");
        CliResult removed = berth.run("app", "rm", "shop");
        assertThat(removed.exitCode()).as(removed::toString).isZero();
        assertThat(PrintedTable.parse(berth.run("app", "ls").requireSuccess().out()).column("NAME"))
                .doesNotContain("shop");
        CliResult gone = berth.run("service", "ps", "shop");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("berth: not found: no app 'shop'\n");
    }

    @Test
    void aBadSpecIsOneClearLineAndExitCode1() {
        CliResult negative = berth.runWithInput("""
                {"services": {"web": {"image": "busybox:1", "replicas": -1}}}""".getBytes(StandardCharsets.UTF_8),
                "app", "create", "bad", "-f", "-");
        assertThat(negative.exitCode()).isEqualTo(1);
        assertThat(negative.err()).isEqualTo("berth: invalid spec: services.web.replicas: must be 0 or more, not -1\n");

        CliResult unknown = berth.runWithInput("""
                {"services": {"web": {"image": "busybox:1", "replica": 3}}}""".getBytes(StandardCharsets.UTF_8),
                "app", "create", "bad", "-f", "-");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("berth: invalid spec: services.web.replica: unknown field 'replica'")
                .endsWith("\n").hasLineCount(1);

        CliResult both = berth.run("app", "create", "bad", "--image", "Not An Image", "--replicas", "-2");
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.err()).startsWith("berth: invalid spec: services.web.image: ")
                .contains("; services.web.replicas: must be 0 or more, not -2").hasLineCount(1);

        assertThat(berth.run("app", "ls", "-q").requireSuccess().outLines()).doesNotContain("bad");
    }

    @Test
    void usageErrorsAreCaughtBeforeAnyRequest() {
        CliResult scale = berth.run("service", "scale", "shop/web=many");
        assertThat(scale.exitCode()).isEqualTo(1);
        assertThat(scale.err()).startsWith("berth service scale: invalid scale specifier \"shop/web=many\"");
    }

    @Test
    void aSchedulerThatIsNotThereIsNamedWithHowToStartIt() throws IOException {
        int closed;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        CliResult result = berth.run("app", "ls", "--scheduler", "http://127.0.0.1:" + closed);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("berth: the scheduler is not reachable at http://127.0.0.1:" + closed
                + " (connection refused). Start it with deploy/up.sh, or name it with --scheduler URL or"
                + " BERTH_SCHEDULER.\n");
    }

    private static List<String> nodesOf(CliResult ps) {
        return PrintedTable.parse(ps.out()).column("NODE").stream().sorted().toList();
    }

    /** Runs the verb until its output satisfies {@code done}; fails with the last output after {@link #SETTLE}. */
    private static CliResult await(Predicate<CliResult> done, String... args) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            CliResult result = berth.run(args).requireSuccess();
            try {
                if (done.test(result)) {
                    return result;
                }
            } catch (AssertionError notYet) {
                // a row not there yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not settled within " + SETTLE.toSeconds() + " s: " + result);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Nodes as the scheduler's agent contract has them: registered with 2 cpus and 512 MiB each, and every half
     * second a heartbeat that reports each replica of the node's assignment snapshot as running.
     */
    private static final class FakeNodes implements AutoCloseable {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final String scheduler;
        private final List<String> ids;
        private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();

        FakeNodes(String scheduler, List<String> ids) throws IOException, InterruptedException {
            this.scheduler = scheduler;
            this.ids = List.copyOf(ids);
            for (String id : ids) {
                send("POST", "/internal/v1/nodes", "{\"id\": \"" + id + "\", \"address\": \"127.0.0.1:7700\","
                        + " \"capacity\": {\"cpu\": \"2\", \"memory\": \"512Mi\", \"pids\": 4096}}");
            }
            beats.scheduleWithFixedDelay(this::beat, 0, 500, TimeUnit.MILLISECONDS);
        }

        private void beat() {
            for (String id : ids) {
                try {
                    JsonNode snapshot = JSON.readTree(send("GET", "/internal/v1/nodes/" + id + "/assignments", null));
                    List<String> running = new ArrayList<>();
                    for (JsonNode assignment : snapshot.get("assignments")) {
                        running.add("{\"replica\": " + assignment.get("replica").asLong()
                                + ", \"state\": \"running\", \"restarts\": 0}");
                    }
                    send("POST", "/internal/v1/nodes/" + id + "/heartbeat",
                            "{\"containers\": [" + String.join(", ", running) + "], \"images\": []}");
                } catch (IOException | RuntimeException e) {
                    // The next beat tries again; a node silent for the whole grace would go down and fail the test.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private String send(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheduler + path))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " "
                        + response.body());
            }
            return response.body();
        }

        @Override
        public void close() throws InterruptedException {
            beats.shutdownNow();
            beats.awaitTermination(5, TimeUnit.SECONDS);
            http.shutdownNow();
        }
    }
}
