package dev.berth.scheduler.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.berth.db.Database;
import dev.berth.scheduler.db.DatabaseException;
import dev.berth.scheduler.leader.Fence;
import dev.berth.scheduler.metrics.SchedulerMetrics;
import dev.berth.scheduler.placement.NodeState;
import dev.berth.scheduler.placement.PlacementRequest;
import dev.berth.scheduler.placement.PlacementResult;
import dev.berth.scheduler.placement.Placer;
import dev.berth.scheduler.placement.Resources;
import dev.berth.scheduler.reconcile.PendingReplica;
import dev.berth.scheduler.reconcile.PlacementRound;
import dev.berth.scheduler.spec.Constraint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.flywaydb.core.Flyway;

/**
 * Placement throughput and latency: the real pipeline (filters, scorers, selection) against 1,000 simulated nodes
 * (records made in the process, with random capacities, labels and cached images; no agents) for 10,000 placements.
 *
 * <ol>
 *   <li>In memory: {@link Placer} decisions only, each applied to the in-memory nodes before the next; the latency of
 *       every decision is measured.</li>
 *   <li>With PostgreSQL (when given a database): the same 1,000 nodes and 10,000 pending replicas as rows in a
 *       schema of the bench's own, placed by {@link PlacementRound} in rounds of 500 as the leader does: decisions,
 *       optimistic node-version commit, replica updates and assignment log, one transaction per round. A replica's
 *       latency there is its round's, from start to commit.</li>
 * </ol>
 *
 * Usage: {@code PlacementBench [placements nodes [jdbc-url user password schema [round-sizes]]]}, round sizes
 * comma-separated (default {@code 100,200,500}); a first, unreported database run of 2,000 placements warms the JIT.
 */
public final class PlacementBench {
    private static final long MIB = 1L << 20;
    private static final String[] ZONES = {"a", "b", "c", "d", "e"};

    private PlacementBench() {}

    /** A service of the workload: what its replicas ask for. */
    record Workload(String service, Resources demand, List<Integer> ports, List<Constraint> constraints,
                    String spread, String image) {}

    public static void main(String[] args) throws Exception {
        // The figures are the output; the libraries' start-up chatter is not.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int placements = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int nodeCount = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        System.out.printf("placement bench: %,d placements on %,d simulated nodes (in-process records, random"
                + " capacities and labels), %s cores%n", placements, nodeCount,
                Runtime.getRuntime().availableProcessors());
        Placer placer = Placer.standard(Placer.Strategy.BINPACK);
        inMemory(placer, placements, nodeCount, 1, false); // warm-up: the JIT compiles the pipeline
        inMemory(placer, placements, nodeCount, 2, true);
        if (args.length >= 6) {
            withDatabase(placer, 2_000, nodeCount, args[2], args[3], args[4], args[5], 500, false);
            for (String size : (args.length > 6 ? args[6] : "100,200,500").split(",")) {
                withDatabase(placer, placements, nodeCount, args[2], args[3], args[4], args[5],
                        Integer.parseInt(size.trim()), true);
            }
        }
    }

    static List<NodeState> nodes(int count, long seed) {
        Random random = new Random(seed);
        List<NodeState> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long cpu = (4 + random.nextInt(61)) * 1000L;
            long memory = (8 + random.nextInt(249)) * 1024 * MIB;
            Map<String, String> labels = Map.of("zone", ZONES[random.nextInt(ZONES.length)], "rack",
                    "r" + random.nextInt(20), "disk", random.nextInt(4) == 0 ? "hdd" : "ssd");
            Set<String> images = random.nextBoolean() ? Set.of("app-" + random.nextInt(100) + ":1") : Set.of();
            nodes.add(new NodeState(String.format("node-%04d", i), labels, new Resources(cpu, memory, 65_536),
                    Resources.NONE, Set.of(), 8000, 9000, images, true, false, 0));
        }
        return nodes;
    }

    static List<Workload> workload(long seed) {
        Random random = new Random(seed);
        List<Workload> services = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            List<Constraint> constraints = new ArrayList<>();
            if (i % 5 == 0) {
                constraints.add(Objects.requireNonNull(Constraint.parse("node.labels.disk != hdd")));
            }
            if (i % 7 == 0) {
                constraints.add(Objects.requireNonNull(Constraint.parse("node.labels.zone == "
                        + ZONES[random.nextInt(ZONES.length)])));
            }
            List<Integer> ports = i % 10 == 0 ? List.of(8000 + i) : List.of();
            String spread = i % 3 == 0 ? "node.labels.zone" : i % 3 == 1 ? "node.id" : null;
            services.add(new Workload("svc-" + i, new Resources(100 + random.nextInt(20) * 100L,
                    (128 + random.nextInt(32) * 128L) * MIB, 64), ports, constraints, spread, "app-" + i + ":1"));
        }
        return services;
    }

    static void inMemory(Placer placer, int placements, int nodeCount, long seed, boolean report) {
        Map<String, NodeState> working = new LinkedHashMap<>();
        nodes(nodeCount, seed).forEach(n -> working.put(n.id(), n));
        List<Workload> services = workload(seed);
        Map<String, Map<String, Integer>> spread = new HashMap<>();
        long[] latencies = new long[placements];
        int placed = 0;
        long started = System.nanoTime();
        for (int i = 0; i < placements; i++) {
            Workload w = services.get(i % services.size());
            Map<String, Integer> byNode = spread.computeIfAbsent(w.service(), s -> new HashMap<>());
            PlacementRequest request = new PlacementRequest(w.service(), w.demand(), w.ports(), w.constraints(),
                    w.spread(), w.image(), byNode);
            long t0 = System.nanoTime();
            PlacementResult result = placer.place(working.values(), request);
            if (result instanceof PlacementResult.Placed p) {
                working.put(p.node().id(), p.node().with(w.demand(), w.ports()));
                byNode.merge(p.node().id(), 1, Integer::sum);
                placed++;
            }
            latencies[i] = System.nanoTime() - t0;
        }
        long took = System.nanoTime() - started;
        if (report) {
            Arrays.sort(latencies);
            System.out.printf("in memory (decisions only): %,d placed, %,d unplaceable in %.0f ms: %,.0f placements/s;"
                    + " decision latency p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", placed, placements - placed,
                    took / 1e6, placements / (took / 1e9), latencies[placements / 2] / 1e6,
                    latencies[(int) (placements * 0.99)] / 1e6, latencies[placements - 1] / 1e6);
        }
    }

    static void withDatabase(Placer placer, int placements, int nodeCount, String url, String user, String password,
                             String schema, int size, boolean report) throws Exception {
        try (Connection admin = DriverManager.getConnection(url, user, password);
             Statement s = admin.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        Flyway.configure().dataSource(url, user, password).schemas(schema).defaultSchema(schema).createSchemas(true)
                .locations("classpath:db/migration/scheduler").load().migrate();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setSchema(schema);
        config.setMaximumPoolSize(4);
        config.addDataSourceProperty("reWriteBatchedInserts", "true"); // as application.properties sets it
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            Database db = new Database(dataSource, DatabaseException::new);
            List<NodeState> nodes = nodes(nodeCount, 2);
            List<Workload> services = workload(2);
            List<PendingReplica> pending = new ArrayList<>();
            db.transaction("load the bench's nodes and replicas", c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO nodes (id, address, labels, cpu_milli,"
                        + " memory_bytes, pids, port_min, port_max, images) VALUES (?, '127.0.0.1:0', ?::jsonb, ?, ?,"
                        + " ?, ?, ?, ?)")) {
                    for (NodeState n : nodes) {
                        s.setString(1, n.id());
                        s.setString(2, "{\"zone\":\"" + n.labels().get("zone") + "\",\"rack\":\"" + n.labels()
                                .get("rack") + "\",\"disk\":\"" + n.labels().get("disk") + "\"}");
                        s.setLong(3, n.capacity().cpuMilli());
                        s.setLong(4, n.capacity().memoryBytes());
                        s.setLong(5, n.capacity().pids());
                        s.setInt(6, n.portMin());
                        s.setInt(7, n.portMax());
                        s.setArray(8, c.createArrayOf("text", n.images().toArray()));
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                long app;
                try (PreparedStatement s = c.prepareStatement("INSERT INTO apps (tenant, name) VALUES ('bench',"
                        + " 'bench') RETURNING id"); ResultSet rows = s.executeQuery()) {
                    rows.next();
                    app = rows.getLong(1);
                }
                Map<String, Long> serviceIds = new HashMap<>();
                try (PreparedStatement s = c.prepareStatement("INSERT INTO services (app_id, name, current_version)"
                        + " VALUES (?, ?, 1) RETURNING id")) {
                    for (Workload w : services) {
                        s.setLong(1, app);
                        s.setString(2, w.service());
                        try (ResultSet rows = s.executeQuery()) {
                            rows.next();
                            serviceIds.put(w.service(), rows.getLong(1));
                        }
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO replicas (service_id, slot, spec_version,"
                        + " cpu_milli, memory_bytes, pids, host_ports) VALUES (?, ?, 1, ?, ?, ?, ?) RETURNING id")) {
                    for (int i = 0; i < placements; i++) {
                        Workload w = services.get(i % services.size());
                        s.setLong(1, serviceIds.get(w.service()));
                        s.setInt(2, i / services.size());
                        s.setLong(3, w.demand().cpuMilli());
                        s.setLong(4, w.demand().memoryBytes());
                        s.setLong(5, w.demand().pids());
                        s.setArray(6, c.createArrayOf("integer", w.ports().toArray()));
                        try (ResultSet rows = s.executeQuery()) {
                            rows.next();
                            pending.add(new PendingReplica(rows.getLong(1), w.service(), w.demand(), w.ports(),
                                    w.constraints(), w.spread(), w.image()));
                        }
                    }
                }
                return null;
            });
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            PlacementRound round = new PlacementRound(db, placer, new SchedulerMetrics(registry), Fence.NONE);
            Map<String, Map<String, Integer>> spread = new HashMap<>();
            long[] replicaLatencies = new long[pending.size()];
            int placed = 0;
            int attempts = 0;
            int rounds = 0;
            long started = System.nanoTime();
            for (int from = 0; from < pending.size(); from += size) {
                int to = Math.min(pending.size(), from + size);
                long t0 = System.nanoTime();
                PlacementRound.Outcome outcome = round.place(pending.subList(from, to), spread);
                long roundNs = System.nanoTime() - t0;
                Arrays.fill(replicaLatencies, from, to, roundNs);
                placed += outcome.placed();
                attempts += outcome.attempts();
                rounds++;
            }
            long took = System.nanoTime() - started;
            if (!report) {
                return;
            }
            Arrays.sort(replicaLatencies);
            var decision = registry.find("berth.scheduler.placement.decision").timer();
            System.out.printf("with PostgreSQL (rounds of %d, one transaction each, optimistic node versions): %,d"
                    + " placed in %.0f ms: %,.0f placements/s; %d rounds, %d attempts; round (= a replica's"
                    + " decision-to-commit) latency p50 %.1f ms, p99 %.1f ms; decision mean %.3f ms, max %.3f ms%n",
                    size, placed, took / 1e6, placed / (took / 1e9), rounds, attempts,
                    replicaLatencies[replicaLatencies.length / 2] / 1e6,
                    replicaLatencies[(int) (replicaLatencies.length * 0.99)] / 1e6,
                    decision == null ? 0 : decision.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
                    decision == null ? 0 : decision.max(java.util.concurrent.TimeUnit.MILLISECONDS));
            long over = db.read("check", c -> {
                try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT count(*) FROM nodes"
                        + " n WHERE allocated_cpu_milli > cpu_milli OR allocated_memory_bytes > memory_bytes OR"
                        + " allocated_cpu_milli <> (SELECT coalesce(sum(cpu_milli), 0) FROM replicas r WHERE"
                        + " r.node_id = n.id)")) {
                    rows.next();
                    return rows.getLong(1);
                }
            });
            System.out.printf("check: %d nodes oversubscribed or with reservations not matching their replicas%n",
                    over);
        } finally {
            try (Connection admin = DriverManager.getConnection(url, user, password);
                 Statement s = admin.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
