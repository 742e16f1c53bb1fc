package dev.berth.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Database;
import dev.berth.db.TestDatabase;
import dev.berth.scheduler.SchedulerApplication;
import dev.berth.scheduler.cluster.NodeRegistry;
import dev.berth.scheduler.leader.Fence;
import dev.berth.scheduler.metrics.SchedulerMetrics;
import dev.berth.scheduler.placement.NodeState;
import dev.berth.scheduler.placement.Placer;
import dev.berth.scheduler.placement.Resources;
import dev.berth.scheduler.reconcile.PendingReplica;
import dev.berth.scheduler.reconcile.PlacementRound;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Two scheduler replicas over one database: one leads, the other takes over, and neither oversubscribes a node. */
class LeaderIT {
    static String schema;
    static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @BeforeAll
    static void schema() {
        schema = TestDatabase.schema("scheduler_it_", "leader");
    }

    @AfterAll
    static void stop() {
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    static ConfigurableApplicationContext start(int port) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SchedulerApplication.class).run(
                "--server.port=" + port, "--berth.scheduler.schema=" + schema,
                "--spring.datasource.url=" + TestDatabase.url(), "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=" + TestDatabase.password(), "--berth.scheduler.leader-retry=1s",
                "--berth.scheduler.reconcile-interval=100ms", "--berth.scheduler.node-grace=2s");
        contexts.add(context);
        return context;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static boolean leads(Http http) {
        try {
            return http.get("/internal/v1/leader").expect(200).json().get("leader").asBoolean();
        } catch (RuntimeException | AssertionError e) {
            return false;
        }
    }

    /**
     * A scheduler replica in a process of its own, from the module's jar (built before the integration tests run):
     * Reactor Netty's event loops are shared within a JVM, so two replicas in one JVM would not die apart.
     */
    static Process startProcess(int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path jar = Path.of("target", "scheduler.jar");
        if (!Files.exists(jar)) {
            throw new AssertionError(jar.toAbsolutePath() + " is not built (the package phase builds it)");
        }
        Path log = Files.createTempFile("scheduler-" + port + "-", ".log");
        System.out.println("scheduler on " + port + " logs to " + log);
        return new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "--server.port=" + port,
                "--berth.scheduler.schema=" + schema, "--spring.datasource.url=" + TestDatabase.url(),
                "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=" + TestDatabase.password(), "--berth.scheduler.leader-retry=1s",
                "--berth.scheduler.reconcile-interval=100ms", "--berth.scheduler.node-grace=3s")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void oneLeadsAndAnotherTakesOverWithinFiveSeconds() throws Exception {
        stop(); // replicas another test left running would hold the lock
        contexts.clear();
        int portA = freePort();
        int portB = freePort();
        Process a = startProcess(portA);
        Process b = startProcess(portB);
        try {
            Http httpA = new Http(portA);
            Http httpB = new Http(portB);
            Http.await("a leader", Duration.ofSeconds(60), () -> leads(httpA) || leads(httpB));
            Http.await("both up", Duration.ofSeconds(60), () -> up(httpA) && up(httpB));
            Thread.sleep(2500); // several election rounds: still exactly one
            assertThat(leads(httpA) ^ leads(httpB)).as("exactly one leader").isTrue();

            boolean aLed = leads(httpA);
            Process leader = aLed ? a : b;
            Http survivor = aLed ? httpB : httpA;
            SimulatedAgent agent = new SimulatedAgent(survivor, "leader-node", "8", "16Gi", Map.of()).start();
            try {
                survivor.post("/api/v1/apps?tenant=ha", "{\"name\":\"ha\",\"services\":{\"web\":"
                        + SchedulerIT.service("nginx", 2, "") + "}}").expect(201);
                Http.await("2 replicas placed by the leader", Duration.ofSeconds(20), () -> placed(survivor) == 2);
                List<Long> before = replicaIds(survivor);

                long killed = System.nanoTime();
                leader.destroy(); // SIGTERM: the leader's context closes, its lock session ends
                Http.await("the survivor leads", Duration.ofSeconds(5), () -> leads(survivor));
                Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
                assertThat(takeover).isLessThan(Duration.ofSeconds(5));
                System.out.println("leader takeover took " + takeover.toMillis() + " ms");

                // The new leader acts, and nothing placed before was lost or duplicated.
                survivor.post("/api/v1/apps/ha/services/web/scale?tenant=ha", "{\"replicas\":3}").expect(200);
                Http.await("3 replicas placed by the new leader", Duration.ofSeconds(20),
                        () -> placed(survivor) == 3);
                List<Long> after = replicaIds(survivor);
                assertThat(after).hasSize(3).containsAll(before);
            } finally {
                agent.close();
            }
        } finally {
            a.destroy();
            b.destroy();
            a.waitFor();
            b.waitFor();
        }
    }

    static boolean up(Http http) {
        try {
            return http.get("/actuator/health").status() == 200;
        } catch (RuntimeException | AssertionError e) {
            return false;
        }
    }

    private static List<Long> replicaIds(Http http) {
        List<Long> ids = new ArrayList<>();
        http.get("/api/v1/apps/ha/services/web/ps?tenant=ha").expect(200).json()
                .forEach(replica -> ids.add(replica.get("id").asLong()));
        return ids;
    }

    private static int placed(Http http) {
        int count = 0;
        for (var replica : http.get("/api/v1/apps/ha/services/web/ps?tenant=ha").expect(200).json()) {
            if (replica.hasNonNull("node")) {
                count++;
            }
        }
        return count;
    }

    @Test
    void twoPlacersAtOnceNeverOversubscribeANode() throws Exception {
        ConfigurableApplicationContext context = contexts.isEmpty() ? start(freePort()) : contexts.getFirst();
        Database db = context.getBean(Database.class);
        // Five small nodes (2 cpu each: room for 4 replicas of 500m), 40 pending replicas: 20 fit, 20 must not.
        Http http = new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0")));
        List<SimulatedAgent> nodes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            nodes.add(new SimulatedAgent(http, "race-" + i, "2", "64Gi", Map.of()).start());
        }
        try {
            long serviceId = db.transaction("make a service", c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO apps (tenant, name) VALUES ('race',"
                        + " 'race') RETURNING id")) {
                    ResultSet rows = s.executeQuery();
                    rows.next();
                    long app = rows.getLong(1);
                    try (PreparedStatement v = c.prepareStatement("INSERT INTO services (app_id, name,"
                            + " current_version) VALUES (?, 'web', 1) RETURNING id")) {
                        v.setLong(1, app);
                        ResultSet service = v.executeQuery();
                        service.next();
                        return service.getLong(1);
                    }
                }
            });
            // Both placers are given every replica: each tries to place all 40 against the same nodes at once.
            List<PendingReplica> pending = new ArrayList<>();
            db.transaction("make replicas", c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO replicas (service_id, slot, spec_version,"
                        + " cpu_milli, memory_bytes, pids) VALUES (?, ?, 1, 500, 1048576, 1) RETURNING id")) {
                    for (int slot = 0; slot < 40; slot++) {
                        s.setLong(1, serviceId);
                        s.setInt(2, slot);
                        ResultSet rows = s.executeQuery();
                        rows.next();
                        pending.add(new PendingReplica(rows.getLong(1), "race", new Resources(500, 1 << 20, 1),
                                List.of(), List.of(), null, "nginx"));
                    }
                }
                return null;
            });
            ExecutorService threads = Executors.newFixedThreadPool(2);
            List<Future<Integer>> results = new ArrayList<>();
            for (int placer = 0; placer < 2; placer++) {
                PlacementRound round = new PlacementRound(db, Placer.standard(Placer.Strategy.SPREAD),
                        new SchedulerMetrics(new SimpleMeterRegistry()), Fence.NONE);
                Callable<Integer> work = () -> {
                    int placedHere = 0;
                    Map<String, Map<String, Integer>> spread = new HashMap<>();
                    for (PendingReplica replica : pending) { // one at a time: many chances to interleave
                        for (int attempt = 0; attempt < 20; attempt++) {
                            try {
                                placedHere += round.place(List.of(replica), spread).placed();
                                break;
                            } catch (RuntimeException conflict) {
                                // decided again on fresh state (the round's own retries ran out)
                            }
                        }
                    }
                    return placedHere;
                };
                results.add(threads.submit(work));
            }
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get();
            }
            threads.shutdown();
            assertThat(total).as("placements made by both placers together").isEqualTo(20);
            Map<String, NodeState> state = db.read("read nodes", NodeRegistry::snapshot);
            for (int i = 0; i < 5; i++) {
                NodeState node = state.get("race-" + i);
                assertThat(node.allocated().cpuMilli()).as(node.id()).isLessThanOrEqualTo(node.capacity().cpuMilli());
                long held = db.read("sum", c -> {
                    try (PreparedStatement s = c.prepareStatement("SELECT coalesce(sum(cpu_milli), 0) FROM replicas"
                            + " WHERE node_id = ?")) {
                        s.setString(1, node.id());
                        ResultSet rows = s.executeQuery();
                        rows.next();
                        return rows.getLong(1);
                    }
                });
                assertThat(node.allocated().cpuMilli()).as("reserved = held on " + node.id()).isEqualTo(held);
            }

            // A replica removed between reading and placing (its app deleted) drops out of the round, which goes on.
            List<PendingReplica> more = new ArrayList<>();
            db.transaction("more replicas", c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO replicas (service_id, slot, spec_version,"
                        + " cpu_milli, memory_bytes, pids) VALUES (?, ?, 1, 0, 1048576, 1) RETURNING id")) {
                    for (int slot = 40; slot < 43; slot++) {
                        s.setLong(1, serviceId);
                        s.setInt(2, slot);
                        ResultSet rows = s.executeQuery();
                        rows.next();
                        more.add(new PendingReplica(rows.getLong(1), "race", new Resources(0, 1 << 20, 1),
                                List.of(), List.of(), null, "nginx"));
                    }
                }
                try (PreparedStatement s = c.prepareStatement("DELETE FROM replicas WHERE id = ?")) {
                    s.setLong(1, more.get(1).id());
                    s.executeUpdate();
                }
                return null;
            });
            PlacementRound.Outcome outcome = new PlacementRound(db, Placer.standard(Placer.Strategy.BINPACK),
                    new SchedulerMetrics(new SimpleMeterRegistry()), Fence.NONE).place(more, new HashMap<>());
            assertThat(outcome.placed()).isEqualTo(2); // no cpu asked: they fit the full nodes
            assertThat(outcome.attempts()).isEqualTo(2);
        } finally {
            nodes.forEach(SimulatedAgent::close);
        }
    }
}
