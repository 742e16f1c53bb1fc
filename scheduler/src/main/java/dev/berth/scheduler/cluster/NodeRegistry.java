package dev.berth.scheduler.cluster;

import dev.berth.db.Database;
import dev.berth.scheduler.SchedulerException;
import dev.berth.scheduler.placement.NodeState;
import dev.berth.scheduler.placement.Resources;
import dev.berth.scheduler.spec.FieldError;
import dev.berth.scheduler.spec.Quantities;
import dev.berth.scheduler.spec.SpecException;
import dev.berth.scheduler.spec.StrictJson;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The nodes: agents register and heartbeat; a node whose heartbeats stop for the grace is marked down; operators drain
 * and activate. Every change that placement must see (allocation, up/down, draining) bumps the node's version, so a
 * placement decided on an older view of the node fails its commit and is decided again.
 */
public final class NodeRegistry {
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{12,64}");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "id, address, labels::text, cpu_milli, memory_bytes, pids, port_min, port_max,"
            + " allocated_cpu_milli, allocated_memory_bytes, allocated_pids, used_ports, images, state, draining,"
            + " registered_at, last_heartbeat, version";
    /** What the API shows: the columns and the node's replica count, which placement does not need. */
    private static final String VIEW_COLUMNS = COLUMNS
            + ", (SELECT count(*) FROM replicas r WHERE r.node_id = nodes.id) AS replicas";

    private final Database db;

    public NodeRegistry(Database db) {
        this.db = db;
    }

    /** Registers a node, or updates one that registers again (after an agent restart); it is up afterwards. */
    public Node register(Registration registration) {
        List<FieldError> errors = new ArrayList<>();
        String id = registration.id();
        if (id == null || !NODE_ID.matcher(id).matches()) {
            errors.add(new FieldError("id", "must be 1-63 of A-Z a-z 0-9 . _ -, starting with a letter or digit"));
        }
        String address = registration.address();
        if (address == null || address.isBlank()) {
            errors.add(new FieldError("address", "is required (host:port the agent is reached at)"));
        }
        Registration.Capacity capacity = registration.capacity();
        Long cpu = null;
        Long memory = null;
        long pids = 0;
        int portMin = 1024;
        int portMax = 65535;
        if (capacity == null) {
            errors.add(new FieldError("capacity", "is required"));
        } else {
            cpu = capacity.cpu() == null ? null : Quantities.cpuMilli(capacity.cpu());
            if (cpu == null || cpu <= 0) {
                errors.add(new FieldError("capacity.cpu", "must be cores (4, 0.5) or millicores (3500m), more than 0"));
            }
            memory = capacity.memory() == null ? null : Quantities.bytes(capacity.memory());
            if (memory == null || memory <= 0) {
                errors.add(new FieldError("capacity.memory", "must be bytes or a quantity (8Gi), more than 0"));
            }
            pids = capacity.pids() == null ? 32768 : capacity.pids();
            if (pids < 1) {
                errors.add(new FieldError("capacity.pids", "must be 1 or more"));
            }
            if (capacity.ports() != null) {
                portMin = capacity.ports().min() == null ? portMin : capacity.ports().min();
                portMax = capacity.ports().max() == null ? portMax : capacity.ports().max();
                if (portMin < 1 || portMax > 65535 || portMin > portMax) {
                    errors.add(new FieldError("capacity.ports", "must be a range within 1-65535, min <= max"));
                }
            }
        }
        Map<String, String> labels = registration.labels() == null ? Map.of() : registration.labels();
        for (String key : labels.keySet()) {
            if (!key.matches("[A-Za-z0-9_./-]{1,63}")) {
                errors.add(new FieldError("labels." + key, "label keys are 1-63 of A-Z a-z 0-9 _ . / -"));
            }
        }
        if (!errors.isEmpty()) {
            throw new SpecException(errors);
        }
        String labelJson = StrictJson.write(labels);
        long cpuMilli = cpu;
        long memoryBytes = memory;
        long pidCount = pids;
        int min = portMin;
        int max = portMax;
        return db.transaction("register node " + id, c -> {
            boolean wasDown;
            try (PreparedStatement s = c.prepareStatement("SELECT state FROM nodes WHERE id = ? FOR UPDATE")) {
                s.setString(1, id);
                try (ResultSet rows = s.executeQuery()) {
                    wasDown = rows.next() && rows.getString(1).equals("down");
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO nodes (id, address, labels, cpu_milli,"
                    + " memory_bytes, pids, port_min, port_max) VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET address = EXCLUDED.address, labels = EXCLUDED.labels,"
                    + " cpu_milli = EXCLUDED.cpu_milli, memory_bytes = EXCLUDED.memory_bytes, pids = EXCLUDED.pids,"
                    + " port_min = EXCLUDED.port_min, port_max = EXCLUDED.port_max, state = 'up',"
                    + " last_heartbeat = now(), version = nodes.version + 1")) {
                s.setString(1, id);
                s.setString(2, address);
                s.setString(3, labelJson);
                s.setLong(4, cpuMilli);
                s.setLong(5, memoryBytes);
                s.setLong(6, pidCount);
                s.setInt(7, min);
                s.setInt(8, max);
                s.executeUpdate();
            }
            Events.record(c, wasDown ? "node-up" : "node-registered", id, "registered from " + address);
            return get(c, id);
        });
    }

    /** What the scheduler answers a heartbeat. */
    public record HeartbeatAck(String node, String state, boolean draining, long revision, List<Long> unknown) {}

    /**
     * Records a heartbeat: the node is up again if it was down, and the reported containers' states are stored.
     * Containers the node runs but is not assigned are listed in the answer ({@code unknown}): the agent stops them.
     */
    public HeartbeatAck heartbeat(String id, Heartbeat heartbeat) {
        List<Heartbeat.ContainerReport> reports = heartbeat.containers() == null ? List.of() : heartbeat.containers();
        for (int i = 0; i < reports.size(); i++) {
            Heartbeat.ContainerReport report = reports.get(i);
            if (report == null || report.replica() == null) {
                throw SpecException.of("containers[" + i + "].replica", "is required");
            }
            if (report.state() == null || !Set.of("starting", "running", "exited", "failed", "stopped")
                    .contains(report.state())) {
                throw SpecException.of("containers[" + i + "].state",
                        "must be starting, running, exited, failed or stopped");
            }
            if (report.health() != null && !Set.of("healthy", "unhealthy").contains(report.health())) {
                throw SpecException.of("containers[" + i + "].health", "must be healthy or unhealthy");
            }
            if (report.container() != null && !CONTAINER_ID.matcher(report.container()).matches()) {
                throw SpecException.of("containers[" + i + "].container", "must be a container id: 12 to 64"
                        + " lower-case hex digits");
            }
        }
        List<String> images = heartbeat.images() == null ? List.of() : heartbeat.images();
        return db.transaction("heartbeat of node " + id, c -> {
            String state;
            boolean draining;
            try (PreparedStatement s = c.prepareStatement("SELECT state, draining FROM nodes WHERE id = ? FOR UPDATE")) {
                s.setString(1, id);
                try (ResultSet rows = s.executeQuery()) {
                    if (!rows.next()) {
                        throw SchedulerException.notFound("id", "no node '" + id + "' is registered; register first"
                                + " (POST /internal/v1/nodes)");
                    }
                    state = rows.getString(1);
                    draining = rows.getBoolean(2);
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE nodes SET last_heartbeat = now(), images = ?,"
                    + " state = 'up', version = CASE WHEN state = 'up' THEN version ELSE version + 1 END"
                    + " WHERE id = ?")) {
                s.setArray(1, c.createArrayOf("text", images.toArray()));
                s.setString(2, id);
                s.executeUpdate();
            }
            if (state.equals("down")) {
                Events.record(c, "node-up", id, "heartbeats resumed");
            }
            Map<Long, ContainerChanges.Seen> assigned = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, status, restarts FROM replicas WHERE node_id = ?")) {
                s.setString(1, id);
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        assigned.put(rows.getLong(1), new ContainerChanges.Seen(rows.getString(2), rows.getInt(3)));
                    }
                }
            }
            List<Long> unknown = new ArrayList<>();
            List<Heartbeat.ContainerReport> stored = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("UPDATE replicas SET status = ?, restarts = ?,"
                    + " container_id = coalesce(?, container_id), updated_at = now(), version = version + 1"
                    + " WHERE id = ? AND node_id = ? AND (status <> ? OR restarts <> ?"
                    + " OR container_id IS DISTINCT FROM coalesce(?, container_id))")) {
                for (Heartbeat.ContainerReport report : reports) {
                    if (!assigned.containsKey(report.replica())) {
                        unknown.add(report.replica());
                        continue;
                    }
                    String status = report.state().equals("running") && report.health() != null ? report.health()
                            : report.state();
                    int restarts = report.restarts() == null ? 0 : report.restarts();
                    s.setString(1, status);
                    s.setInt(2, restarts);
                    s.setString(3, report.container());
                    s.setLong(4, report.replica());
                    s.setString(5, id);
                    s.setString(6, status);
                    s.setInt(7, restarts);
                    s.setString(8, report.container());
                    s.addBatch();
                    stored.add(report);
                }
                int[] counts = s.executeBatch();
                List<Events.ContainerEvent> events = new ArrayList<>();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] > 0) {
                        Heartbeat.ContainerReport report = stored.get(i);
                        events.addAll(ContainerChanges.between(assigned.get(report.replica()), report, id));
                    }
                }
                Events.containers(c, events);
            }
            long revision;
            try (PreparedStatement s = c.prepareStatement("SELECT coalesce(max(revision), 0) FROM assignment_log"
                    + " WHERE node_id = ?")) {
                s.setString(1, id);
                try (ResultSet rows = s.executeQuery()) {
                    rows.next();
                    revision = rows.getLong(1);
                }
            }
            return new HeartbeatAck(id, "up", draining, revision, unknown);
        });
    }

    /** Marks down the nodes whose last heartbeat is older than {@code grace}; their ids. */
    public List<String> markDown(Connection c, Duration grace) throws SQLException {
        List<String> down = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("UPDATE nodes SET state = 'down', version = version + 1"
                + " WHERE state = 'up' AND last_heartbeat < now() - make_interval(secs => ?) RETURNING id")) {
            s.setDouble(1, grace.toMillis() / 1000.0);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    down.add(rows.getString(1));
                }
            }
        }
        for (String id : down) {
            Events.record(c, "node-down", id, "no heartbeat for " + grace.toMillis() / 1000.0 + " s");
        }
        return down;
    }

    /** Drains a node (nothing new goes there and its replicas move away) or makes it take work again. */
    public Node setDraining(String id, boolean draining) {
        return db.transaction((draining ? "drain" : "activate") + " node " + id, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE nodes SET draining = ?, version = version + 1"
                    + " WHERE id = ?")) {
                s.setBoolean(1, draining);
                s.setString(2, id);
                if (s.executeUpdate() == 0) {
                    throw SchedulerException.notFound("id", "no node '" + id + "'");
                }
            }
            Events.record(c, draining ? "node-drain" : "node-activate", id, draining ? "draining" : "active");
            return get(c, id);
        });
    }

    public List<Node> list() {
        return db.read("list nodes", c -> {
            List<Node> nodes = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + VIEW_COLUMNS + " FROM nodes ORDER BY id");
                 ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    nodes.add(node(rows));
                }
            }
            return nodes;
        });
    }

    public Node get(String id) {
        return db.read("read node " + id, c -> get(c, id));
    }

    private static Node get(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + VIEW_COLUMNS + " FROM nodes WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    throw SchedulerException.notFound("id", "no node '" + id + "'");
                }
                return node(rows);
            }
        }
    }

    /** The largest memory any node offers (for telling a spec it can never fit), or -1 without nodes. */
    public long largestMemory(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT coalesce(max(memory_bytes), -1) FROM nodes");
             ResultSet rows = s.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Every node as placement sees it, in id order (which makes ties deterministic). */
    public static Map<String, NodeState> snapshot(Connection c) throws SQLException {
        Map<String, NodeState> nodes = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM nodes ORDER BY id");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                Node node = node(rows);
                nodes.put(node.id(), new NodeState(node.id(), node.labels(), node.capacity(), node.allocated(),
                        new HashSet<>(node.usedPorts()), node.portMin(), node.portMax(), new HashSet<>(node.images()),
                        node.state().equals("up"), node.draining(), node.version()));
            }
        }
        return nodes;
    }

    private static Node node(ResultSet rows) throws SQLException {
        Map<String, String> labels = JSON.readValue(rows.getString(3), new TypeReference<Map<String, String>>() {});
        return new Node(rows.getString(1), rows.getString(2), labels,
                new Resources(rows.getLong(4), rows.getLong(5), rows.getLong(6)),
                new Resources(rows.getLong(9), rows.getLong(10), rows.getLong(11)), rows.getInt(7), rows.getInt(8),
                integers(rows.getArray(12)), strings(rows.getArray(13)), rows.getString(14), rows.getBoolean(15),
                instant(rows.getTimestamp(16)), instant(rows.getTimestamp(17)), rows.getLong(18),
                rows.getMetaData().getColumnCount() > 18 ? rows.getInt(19) : 0);
    }

    private static java.time.Instant instant(Timestamp timestamp) {
        return timestamp.toInstant();
    }

    static List<Integer> integers(Array array) throws SQLException {
        Integer[] values = (Integer[]) array.getArray();
        return Arrays.asList(values);
    }

    static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
