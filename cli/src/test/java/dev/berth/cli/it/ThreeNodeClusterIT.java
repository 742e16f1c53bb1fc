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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A cluster of three real nodes on this machine, driven through {@code bin/berth} and the scheduler's API. Each node
 * is a node agent process in a network namespace of its own ("host" a, b, c on bridge berth3n, 10.93.0.11-13), with
 * its own state directory and cgroup parent ({@code berth-3n-a} ...); its containers get their bridge and firewall
 * table inside that namespace. Two scheduler replicas run on this machine's end of the bridge (10.93.0.1, ports in
 * 7920-7929) over one schema of the real PostgreSQL; the agents know both.
 *
 * <p>The tests run in order on one cluster: spread, impossible constraints, bad specs, a broken rollout, a drain, the
 * leader killed mid-rollout, and a node killed outright.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodeClusterIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final String TENANT = "t3n";
    private static final List<String> NODES = List.of("a", "b", "c");
    /** The scheduler's node grace: the node-loss test must see replicas back within it plus 10 s. */
    private static final Duration GRACE = Duration.ofSeconds(4);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final int REPLICAS = 3;
    private static final int MAX_UNAVAILABLE = 0;

    private static NetworkHosts hosts;
    private static final Map<String, NetworkHosts.Host> HOSTS = new LinkedHashMap<>();
    private static final Map<String, NodeAgent> AGENTS = new LinkedHashMap<>();
    private static ServiceProcess leader;
    private static ServiceProcess follower;
    private static Cli berth;

    @BeforeAll
    static void startTheCluster() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(SourceTree.root().resolve("cli/target/it")),
                "three-nodes-");
        Path java = Path.of(System.getProperty("java.home"), "bin/java");
        Path agentJar = SourceTree.root().resolve("node-agent/target/node-agent.jar");
        hosts = new NetworkHosts("berth3n", "10.93.0");
        String schema = "scheduler_3n_it_" + ProcessHandle.current().pid();
        List<String> schedulerSettings = List.of("--berth.scheduler.node-grace=" + GRACE.toSeconds() + "s",
                "--berth.scheduler.reconcile-interval=200ms", "--berth.scheduler.leader-retry=500ms",
                "--berth.scheduler.watch.poll=50ms", "--berth.scheduler.watch.keepalive=2s");
        leader = ServiceProcess.schedulerReplica(java, work, hosts.gateway(), ServiceProcess.freePortIn(7920, 7924),
                schema, schedulerSettings);
        await("the first scheduler leads", () -> leads(leader));
        follower = ServiceProcess.schedulerReplica(java, work, hosts.gateway(), ServiceProcess.freePortIn(7925, 7929),
                schema, schedulerSettings);
        assertThat(leads(follower)).isFalse();

        Path busybox = work.resolve("busybox.tar");
        NetworkHosts.run(SourceTree.busyboxRootfsScript().toString(), busybox.toString());
        for (String node : NODES) {
            NetworkHosts.Host host = hosts.add(node);
            HOSTS.put(node, host);
            NodeAgent agent = new NodeAgent(java, agentJar, work.resolve("node-" + node), List.of(
                    "--berth.agent.cgroup-parent=berth-3n-" + node,
                    "--berth.agent.cluster.scheduler=" + leader.url() + "," + follower.url(),
                    "--berth.agent.cluster.node-id=" + nodeId(node), "--berth.agent.cluster.labels.zone=" + node,
                    "--berth.agent.cluster.heartbeat=500ms", "--berth.agent.cluster.stop-timeout=1s",
                    "--berth.agent.cluster.cpu=2", "--berth.agent.cluster.memory=1GB",
                    "--berth.agent.cluster.ports.min=20000", "--berth.agent.cluster.ports.max=20100"), host);
            AGENTS.put(node, agent);
            agent.start();
            cliOf(agent, work).run("import", busybox.toString(), "busybox:latest").requireSuccess();
        }
        berth = new Cli(SourceTree.launcher(), URI.create("http://127.0.0.1:9"), java.getParent().getParent(),
                Files.createDirectories(work.resolve("cache")),
                Map.of("BERTH_SCHEDULER", follower.url(), "BERTH_TENANT", TENANT));
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        try {
            for (String app : List.of("shop", "lab")) {
                if (follower != null) {
                    send("DELETE", follower, "/api/v1/apps/" + app, null);
                }
            }
            for (NodeAgent agent : AGENTS.values()) {
                removeReplicas(agent);
                agent.close();
            }
        } finally {
            for (ServiceProcess scheduler : new ServiceProcess[] {leader, follower}) {
                if (scheduler != null) {
                    scheduler.close();
                }
            }
            if (hosts != null) {
                hosts.close();
            }
            for (String node : NODES) {
                removeCgroupParent("berth-3n-" + node);
            }
        }
    }

    @Test
    @Order(1)
    void threeReplicasSpreadOverThreeNodesOnePerNode() throws Exception {
        PrintedTable nodes = PrintedTable.parse(await("three nodes up", () -> PrintedTable.parse(berth.run("node",
                "ls").requireSuccess().out()).column("STATUS").equals(List.of("up", "up", "up")), "node", "ls").out());
        assertThat(nodes.column("ID")).containsExactly(nodeId("a"), nodeId("b"), nodeId("c"));

        CliResult created = berth.runWithInput(app(web("v1", 3)).getBytes(StandardCharsets.UTF_8), "app", "create",
                "shop", "-f", "-");
        assertThat(created.exitCode()).as(created::toString).isZero();
        await("three healthy replicas", () -> healthy("web") == 3);

        // One per node, each a container of that node's agent, in that node's cgroup parent.
        for (String node : NODES) {
            List<JsonNode> running = running(node, "web");
            assertThat(running).as("replicas on node " + node).hasSize(1);
            String id = running.getFirst().get("id").asString();
            assertThat(Path.of("/sys/fs/cgroup/memory/berth-3n-" + node, id)).isDirectory();
            assertThat(serves(node, running.getFirst())).isEqualTo("v1");
        }
        assertThat(ps("web")).extracting(r -> r.path("node").asString()).containsExactlyInAnyOrder(nodeId("a"),
                nodeId("b"), nodeId("c"));
    }

    @Test
    @Order(2)
    void constraintsNoNodeMeetsLeaveTheReplicaPendingWithAReasonPerNode() {
        String gpu = "{\"services\": {\"train\": {\"image\": \"busybox\", \"command\": [\"sleep\", \"3600\"],"
                + " \"placement\": {\"constraints\": [\"node.labels.gpu == yes\"]}}}}";
        berth.runWithInput(gpu.getBytes(StandardCharsets.UTF_8), "app", "create", "lab", "-f", "-").requireSuccess();
        CliResult pending = await("the replica pending with reasons", () -> berth.run("service", "ps", "--no-trunc",
                "lab/train").out().contains("no suitable node"), "service", "ps", "--no-trunc", "lab/train");
        Map<String, String> row = PrintedTable.parse(pending.out()).row("NAME", "lab.train.0");
        assertThat(row.get("NODE")).isEmpty();
        assertThat(row.get("CURRENT STATE")).startsWith("Pending");
        for (String node : NODES) {
            assertThat(row.get("ERROR")).contains(nodeId(node) + ": constraint");
        }
        for (String node : NODES) {
            assertThat(running(node, "train")).isEmpty();
        }
        berth.run("app", "rm", "lab").requireSuccess();
    }

    @Test
    @Order(3)
    void badSpecsAreClear4xxErrorsAndChangeNothing() throws Exception {
        HttpResponse<String> negative = send("POST", follower, "/api/v1/apps", "{\"name\": \"bad\", \"services\":"
                + " {\"web\": {\"image\": \"busybox\", \"replicas\": -1}}}");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).contains("services.web.replicas").contains("must be 0 or more");

        HttpResponse<String> unknown = send("POST", follower, "/api/v1/apps", "{\"name\": \"bad\", \"services\":"
                + " {\"web\": {\"image\": \"busybox\", \"replica\": 3}}}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown field 'replica'");

        // Each node offers 1 GB: 2 GiB fits none of them.
        HttpResponse<String> huge = send("POST", follower, "/api/v1/apps", "{\"name\": \"bad\", \"services\":"
                + " {\"web\": {\"image\": \"busybox\", \"resources\": {\"memory\": {\"request\": \"2Gi\"}}}}}");
        assertThat(huge.statusCode()).isEqualTo(422);
        assertThat(huge.body()).contains("memory");

        CliResult viaCli = berth.run("service", "scale", "shop/web=-3");
        assertThat(viaCli.exitCode()).isEqualTo(1);
        assertThat(viaCli.err()).startsWith("berth service scale: invalid scale specifier \"shop/web=-3\": the"
                + " number of replicas is 0 or more\n");

        assertThat(send("GET", follower, "/api/v1/apps/bad", null).statusCode()).isEqualTo(404);
        assertThat(healthy("web")).isEqualTo(3);
    }

    @Test
    @Order(4)
    void aBrokenImageStopsTheRolloutWhichRollsBackWhileTheOldReplicasServe() throws Exception {
        Map<String, JsonNode> before = runningByNode("web");
        assertThat(before).hasSize(3);
        int version = service("web").path("version").asInt();

        // The old replicas are asked for their page all along.
        AtomicBoolean watching = new AtomicBoolean(true);
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger rounds = new AtomicInteger();
        Thread watcher = Thread.ofPlatform().start(() -> {
            while (watching.get()) {
                before.forEach((node, container) -> {
                    try {
                        String page = serves(node, container);
                        if (!page.equals("v1")) {
                            failures.add(node + ": " + page);
                        }
                    } catch (RuntimeException e) {
                        failures.add(node + ": " + e.getMessage());
                    }
                });
                rounds.incrementAndGet();
            }
        });
        try {
            CliResult deployed = berth.run("deploy", "shop", "--service", "web", "--image", "busybox-missing:1");
            assertThat(deployed.exitCode()).as(deployed::toString).isZero();
            await("the rollout rolled back", () -> service("web").path("rollout").asString().equals("rolled-back"));
            await("three healthy replicas", () -> healthy("web") == 3);
        } finally {
            watching.set(false);
            watcher.join();
        }
        assertThat(failures).as("answers of the old replicas during the rollout").isEmpty();
        assertThat(rounds.get()).isGreaterThan(3);
        JsonNode web = service("web");
        assertThat(web.path("spec").path("image").asString()).isEqualTo("busybox");
        assertThat(web.path("rolloutMessage").asString()).isNotBlank();
        // The very same containers still serve; the failed one is gone.
        Map<String, JsonNode> after = runningByNode("web");
        assertThat(ids(after)).isEqualTo(ids(before));
        await("no container of the broken version left", () -> NODES.stream().flatMap(n -> replicas(n, "web")
                .stream()).noneMatch(c -> c.path("image").asString().contains("busybox-missing")));
    }

    @Test
    @Order(5)
    void aDrainedNodesReplicaMovesWithNeverMoreThanMaxUnavailableDown() throws Exception {
        AtomicBoolean watching = new AtomicBoolean(true);
        AtomicInteger fewest = new AtomicInteger(3);
        Thread watcher = Thread.ofPlatform().start(() -> {
            while (watching.get()) {
                try {
                    fewest.accumulateAndGet(healthy("web"), Math::min);
                } catch (RuntimeException e) {
                    // a scheduler call that failed says nothing of the replicas
                }
                sleep(Duration.ofMillis(100));
            }
        });
        try {
            berth.run("node", "drain", nodeId("b")).requireSuccess();
            await("node b empty", () -> replicas("b", "web").isEmpty() && healthy("web") == 3);
        } finally {
            watching.set(false);
            watcher.join();
        }
        assertThat(fewest.get()).as("healthy replicas while the node drained").isGreaterThanOrEqualTo(REPLICAS
                - MAX_UNAVAILABLE);
        assertThat(running("a", "web").size() + running("c", "web").size()).isEqualTo(3);
        assertThat(ps("web")).extracting(r -> r.path("node").asString()).doesNotContain(nodeId("b"));
        berth.run("node", "activate", nodeId("b")).requireSuccess();
    }

    @Test
    @Order(6)
    void theLeaderKilledMidRolloutIsReplacedByTheFollowerWhichFinishesIt() throws Exception {
        int version = service("web").path("version").asInt();
        HttpResponse<String> put = send("PUT", follower, "/api/v1/apps/shop/services/web", web("v2", 3));
        assertThat(put.statusCode()).as(put.body()).isBetween(200, 201);
        await("the rollout under way", () -> ps("web").stream().anyMatch(r -> r.path("specVersion").asInt()
                > version));
        // Mid-rollout: a replica of the new version exists, and the old ones are not all replaced.
        assertThat(service("web").path("rollout").asString()).isEqualTo("progressing");
        leader.kill();

        await("the follower leads", () -> leads(follower));
        await("the rollout finished", () -> service("web").path("rollout").asString().equals("done")
                && healthy("web") == 3);
        List<JsonNode> replicas = ps("web");
        assertThat(replicas).extracting(r -> r.path("slot").asInt()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(replicas).allMatch(r -> r.path("specVersion").asInt() == service("web").path("version").asInt());
        // On the nodes: exactly three containers of the app, each serving the new version.
        await("only the new containers left", () -> NODES.stream().mapToInt(n -> replicas(n, "web").size()).sum()
                == 3);
        for (Map.Entry<String, JsonNode> replica : runningByNode("web").entrySet()) {
            assertThat(serves(replica.getKey(), replica.getValue())).isEqualTo("v2");
        }
    }

    @Test
    @Order(7)
    void aNodeWhoseEveryProcessIsKilledHasItsReplicasBackElsewhereWithinGracePlusTenSeconds() throws Exception {
        // The node with most replicas goes.
        String victim = NODES.stream().max((x, y) -> Integer.compare(running(x, "web").size(),
                running(y, "web").size())).orElseThrow();
        int lost = running(victim, "web").size();
        assertThat(lost).isPositive();
        NodeAgent agent = AGENTS.get(victim);
        Set<Long> killed = killEveryProcessOf(victim, agent);
        long start = System.nanoTime();
        assertThat(killed.size()).as("the agent and at least one container").isGreaterThan(lost);

        await("the replicas back on the other nodes", () -> {
            List<JsonNode> ps = ps("web");
            return ps.size() == 3 && ps.stream().allMatch(r -> r.path("status").asString().equals("healthy")
                    && !r.path("node").asString().equals(nodeId(victim)));
        });
        Duration back = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("node-loss failover: %d replica(s) back in %d ms (grace %d s)%n", lost, back.toMillis(),
                GRACE.toSeconds());
        assertThat(back).isLessThanOrEqualTo(GRACE.plusSeconds(10));
        JsonNode node = JSON.readTree(send("GET", follower, "/api/v1/nodes/" + nodeId(victim), null).body());
        assertThat(node.path("state").asString()).isEqualTo("down");

        // The node comes back: nothing runs twice.
        agent.start();
        await("the node up again", () -> {
            JsonNode again = JSON.readTree(send("GET", follower, "/api/v1/nodes/" + nodeId(victim), null).body());
            return again.path("state").asString().equals("up");
        });
        sleep(Duration.ofSeconds(2));
        assertThat(ps("web")).hasSize(3);
        assertThat(NODES.stream().mapToInt(n -> running(n, "web").size()).sum()).isEqualTo(3);
    }

    // --- the cluster's pieces

    private static String nodeId(String node) {
        return "node-" + node;
    }

    private static Cli cliOf(NodeAgent agent, Path work) throws IOException {
        return new Cli(SourceTree.launcher(), agent.url(), Path.of(System.getProperty("java.home")),
                Files.createDirectories(work.resolve("cache")));
    }

    private static String app(String web) {
        return "{\"services\": {\"web\": " + web + "}}";
    }

    /**
     * busybox httpd on 8080 serving MODE as its page, checked over HTTP, spread over the zones (one per node), replaced
     * one at a time beside the old one (a zero-downtime update: no old replica goes before its successor serves).
     */
    private static String web(String mode, int replicas) {
        return "{\"image\": \"busybox\", \"command\": [\"sh\", \"-c\", \"mkdir -p /www && echo $MODE > /www/index.html"
                + " && echo ok > /www/healthz && exec httpd -f -p 8080 -h /www\"], \"env\": {\"MODE\": \"" + mode
                + "\"}, \"replicas\": " + replicas + ", \"resources\": {\"cpu\": {\"request\": \"100m\", \"limit\":"
                + " \"500m\"}, \"memory\": {\"request\": \"32Mi\", \"limit\": \"64Mi\"}}, \"restart\": {\"policy\":"
                + " \"always\", \"backoff\": \"200ms\", \"maxBackoff\": \"1s\"}, \"health\": {\"http\": {\"port\":"
                + " 8080, \"path\": \"/healthz\"}, \"interval\": \"300ms\", \"timeout\": \"300ms\", \"retries\": 2},"
                + " \"placement\": {\"spread\": \"node.labels.zone\"}, \"update\": {\"maxUnavailable\": "
                + MAX_UNAVAILABLE + ", \"maxSurge\": 1}}";
    }

    private static boolean leads(ServiceProcess scheduler) {
        try {
            return JSON.readTree(send("GET", scheduler, "/internal/v1/leader", null).body()).path("leader")
                    .asBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static JsonNode service(String name) {
        HttpResponse<String> app = send("GET", follower, "/api/v1/apps/shop", null);
        for (JsonNode service : JSON.readTree(app.body()).path("services")) {
            if (service.path("name").asString().equals(name)) {
                return service;
            }
        }
        throw new AssertionError("no service " + name + " in " + app.body());
    }

    private static List<JsonNode> ps(String service) {
        HttpResponse<String> ps = send("GET", follower, "/api/v1/apps/shop/services/" + service + "/ps", null);
        assertThat(ps.statusCode()).as(ps.body()).isEqualTo(200);
        List<JsonNode> replicas = new ArrayList<>();
        JSON.readTree(ps.body()).forEach(replicas::add);
        return replicas;
    }

    private static int healthy(String service) {
        return (int) ps(service).stream().filter(r -> r.path("status").asString().equals("healthy")
                && !r.path("node").isNull()).count();
    }

    /** The node's containers of {@code service} of app shop or lab, inspected. */
    private static List<JsonNode> replicas(String node, String service) {
        NodeAgent agent = AGENTS.get(node);
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode summary : JSON.readTree(get(agent.url().resolve("/v1/containers?all=true")))) {
            JsonNode inspected = JSON.readTree(get(agent.url().resolve("/v1/containers/"
                    + summary.get("id").asString())));
            if (inspected.path("config").path("labels").path("berth.service").asString().equals(service)) {
                found.add(inspected);
            }
        }
        return found;
    }

    private static List<JsonNode> running(String node, String service) {
        return replicas(node, service).stream().filter(c -> c.path("state").path("running").asBoolean()).toList();
    }

    /** Node → its one running container of the service; fails if a node runs more than one. */
    private static Map<String, JsonNode> runningByNode(String service) {
        Map<String, JsonNode> byNode = new LinkedHashMap<>();
        for (String node : NODES) {
            List<JsonNode> running = running(node, service);
            assertThat(running.size()).as("replicas on node " + node).isLessThanOrEqualTo(1);
            running.forEach(c -> byNode.put(node, c));
        }
        return byNode;
    }

    private static Set<String> ids(Map<String, JsonNode> containers) {
        Set<String> ids = new HashSet<>();
        containers.values().forEach(c -> ids.add(c.get("id").asString()));
        return ids;
    }

    /** The container's page, fetched from inside its node, where its bridge is. */
    private static String serves(String node, JsonNode container) {
        String ip = container.path("networkSettings").path("ipAddress").asString();
        return NetworkHosts.runIn(HOSTS.get(node), "curl", "-sS", "-m", "2", "http://" + ip + ":8080/").strip();
    }

    /**
     * SIGKILL to everything of the node, as if its machine lost power: the agent, every process in the node's network
     * namespace, and every process in its containers' cgroups, until none is left.
     */
    private static Set<Long> killEveryProcessOf(String node, NodeAgent agent) {
        Set<Long> killed = new HashSet<>();
        for (int round = 0; round < 20; round++) {
            Set<Long> alive = new HashSet<>(NetworkHosts.processesIn(HOSTS.get(node)));
            alive.addAll(cgroupProcesses("berth-3n-" + node));
            alive.remove(ProcessHandle.current().pid());
            if (alive.isEmpty()) {
                assertThat(agent.isRunning()).isFalse();
                return killed;
            }
            for (long pid : alive) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                killed.add(pid);
            }
            sleep(Duration.ofMillis(100));
        }
        throw new AssertionError("processes of node " + node + " outlived 20 rounds of SIGKILL");
    }

    /** Every pid in the containers' cgroups under {@code parent} (the pids hierarchy on v1, the unified one on v2). */
    private static Set<Long> cgroupProcesses(String parent) {
        Set<Long> pids = new HashSet<>();
        for (Path root : List.of(Path.of("/sys/fs/cgroup/pids", parent), Path.of("/sys/fs/cgroup", parent))) {
            if (!Files.isDirectory(root) || !Files.exists(root.resolve("cgroup.procs"))) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path procs : walk.filter(p -> p.getFileName().toString().equals("cgroup.procs")).toList()) {
                    for (String line : Files.readAllLines(procs)) {
                        if (!line.isBlank()) {
                            pids.add(Long.parseLong(line.strip()));
                        }
                    }
                }
            } catch (IOException e) {
                // a cgroup removed meanwhile: the next round reads again
            }
        }
        return pids;
    }

    private static void removeReplicas(NodeAgent agent) {
        try {
            for (JsonNode summary : JSON.readTree(get(agent.url().resolve("/v1/containers?all=true")))) {
                HTTP.send(HttpRequest.newBuilder(agent.url().resolve("/v1/containers/" + summary.get("id")
                        .asString() + "?force=true")).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            }
        } catch (IOException | RuntimeException e) {
            // an agent that does not answer has nothing to remove through it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The emptied parents go, so that the host's cgroup tree is as before. */
    private static void removeCgroupParent(String parent) {
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies.toList()) {
                Path dir = hierarchy.resolve(parent);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> children = Files.list(dir)) {
                        for (Path child : children.filter(Files::isDirectory).toList()) {
                            Files.deleteIfExists(child);
                        }
                    }
                    Files.deleteIfExists(dir);
                }
            }
        } catch (IOException e) {
            // left for the next run; nothing depends on it
        }
    }

    private static String get(URI uri) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + uri + ": " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(String method, ServiceProcess scheduler, String path, String body) {
        String separator = path.contains("?") ? "&" : "?";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheduler.url() + path + separator + "tenant="
                + TENANT)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            try {
                if (done.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException | AssertionError notYet) {
                // a node or scheduler that does not answer yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + SETTLE.toSeconds() + " s");
            }
            sleep(Duration.ofMillis(100));
        }
    }

    /** Runs the verb until {@code done}; returns its last output. */
    private static CliResult await(String what, BooleanSupplier done, String... args) {
        await(what, done);
        return berth.run(args).requireSuccess();
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
