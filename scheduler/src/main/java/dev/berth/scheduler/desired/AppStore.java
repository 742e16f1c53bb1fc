package dev.berth.scheduler.desired;

import dev.berth.db.Database;
import dev.berth.scheduler.Problem;
import dev.berth.scheduler.SchedulerException;
import dev.berth.scheduler.cluster.Capacity;
import dev.berth.scheduler.cluster.Events;
import dev.berth.scheduler.placement.Resources;
import dev.berth.scheduler.spec.Demand;
import dev.berth.scheduler.spec.ServiceSpec;
import dev.berth.scheduler.spec.SpecException;
import dev.berth.scheduler.spec.SpecValidator;
import dev.berth.scheduler.spec.StrictJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The desired state: apps of a tenant, their services, and every version of every service's spec. A change never
 * edits a version: it adds one (scale, deploy and rollback too), so any earlier version can be returned to. A version
 * whose containers differ from the running ones starts a rollout, which the leader's loop carries out.
 */
public final class AppStore {
    private static final Pattern TENANT = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * A service's view, over {@code services v} joined to its current {@code service_versions sv}: name, version,
     * spec, rollout state and message, replicas running and replicas pending.
     */
    private static final String SERVICE_COLUMNS = "v.name, v.current_version, sv.spec::text, v.rollout_state,"
            + " v.rollout_message, (SELECT count(*) FILTER (WHERE r.status IN ('running', 'healthy')) FROM replicas r"
            + " WHERE r.service_id = v.id), (SELECT count(*) FILTER (WHERE r.node_id IS NULL) FROM replicas r WHERE"
            + " r.service_id = v.id)";

    private final Database db;

    public AppStore(Database db) {
        this.db = db;
    }

    public static void checkTenant(@Nullable String tenant) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw SchedulerException.invalid("tenant", tenant == null
                    ? "a tenant is required: the tenant query parameter or the X-Berth-Tenant header"
                    : "tenant must be a lowercase DNS label, not '" + tenant + "'");
        }
    }

    public Views.App create(String tenant, AppRequest request) {
        SpecValidator.checkName("name", request.name());
        Map<String, ServiceSpec> given = request.services() == null ? Map.of() : request.services();
        if (given.isEmpty()) {
            throw SpecException.of("services", "an app needs at least one service");
        }
        Map<String, ServiceSpec> specs = new TreeMap<>();
        List<dev.berth.scheduler.spec.FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, ServiceSpec> e : given.entrySet()) {
            if (!SpecValidator.validName(e.getKey())) {
                errors.add(new dev.berth.scheduler.spec.FieldError("services." + e.getKey(),
                        "service names are lowercase DNS labels"));
                continue;
            }
            if (e.getValue() == null) {
                errors.add(new dev.berth.scheduler.spec.FieldError("services." + e.getKey(), "must be a spec"));
                continue;
            }
            try {
                specs.put(e.getKey(), SpecValidator.validate("services." + e.getKey(), e.getValue()));
            } catch (SpecException invalid) {
                errors.addAll(invalid.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new SpecException(errors);
        }
        return db.transaction("create app " + request.name(), c -> {
            for (Map.Entry<String, ServiceSpec> e : specs.entrySet()) {
                checkFits(c, "services." + e.getKey(), e.getValue());
            }
            long appId;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO apps (tenant, name) VALUES (?, ?)"
                    + " ON CONFLICT DO NOTHING RETURNING id")) {
                s.setString(1, tenant);
                s.setString(2, request.name());
                try (ResultSet rows = s.executeQuery()) {
                    if (!rows.next()) {
                        throw new SchedulerException(Problem.CONFLICT, "name", "app '" + request.name()
                                + "' exists; change its services with PUT /api/v1/apps/" + request.name()
                                + "/services/{service}");
                    }
                    appId = rows.getLong(1);
                }
            }
            Events.app(c, tenant, request.name(), "create", specs.size() + " services: " + String.join(", ",
                    specs.keySet()));
            for (Map.Entry<String, ServiceSpec> e : specs.entrySet()) {
                long serviceId;
                try (PreparedStatement s = c.prepareStatement("INSERT INTO services (app_id, name, current_version)"
                        + " VALUES (?, ?, 1) RETURNING id")) {
                    s.setLong(1, appId);
                    s.setString(2, e.getKey());
                    try (ResultSet rows = s.executeQuery()) {
                        rows.next();
                        serviceId = rows.getLong(1);
                    }
                }
                insertVersion(c, serviceId, 1, e.getValue(), "created");
                Events.service(c, serviceId, "update", 1, "version 1: created");
            }
            return app(c, tenant, request.name());
        });
    }

    /** The tenant's apps with their services, in name order: one query, however many apps there are. */
    public List<Views.App> list(String tenant) {
        return db.read("list apps", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT a.name, a.created_at, " + SERVICE_COLUMNS
                    + " FROM apps a LEFT JOIN services v ON v.app_id = a.id LEFT JOIN service_versions sv"
                    + " ON sv.service_id = v.id AND sv.version = v.current_version WHERE a.tenant = ?"
                    + " ORDER BY a.name, v.name")) {
                s.setString(1, tenant);
                List<Views.App> apps = new ArrayList<>();
                try (ResultSet rows = s.executeQuery()) {
                    String current = null;
                    java.time.Instant created = null;
                    List<Views.Service> services = new ArrayList<>();
                    while (rows.next()) {
                        String name = rows.getString(1);
                        if (!name.equals(current)) {
                            if (current != null) {
                                apps.add(new Views.App(tenant, current, created, services));
                            }
                            current = name;
                            created = rows.getTimestamp(2).toInstant();
                            services = new ArrayList<>();
                        }
                        if (rows.getString(3) != null) {
                            services.add(service(rows, 3));
                        }
                    }
                    if (current != null) {
                        apps.add(new Views.App(tenant, current, created, services));
                    }
                }
                return apps;
            }
        });
    }

    public Views.App get(String tenant, String app) {
        return db.read("read app " + app, c -> app(c, tenant, app));
    }

    /** Deletes an app: its replicas leave their nodes (the agents see them removed) and its history goes. */
    public void delete(String tenant, String app) {
        db.transaction("delete app " + app, c -> {
            long appId = appId(c, tenant, app);
            try (PreparedStatement s = c.prepareStatement("SELECT r.id FROM replicas r JOIN services v ON v.id ="
                    + " r.service_id WHERE v.app_id = ? ORDER BY r.id")) {
                s.setLong(1, appId);
                List<Long> ids = new ArrayList<>();
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
                for (long id : ids) {
                    removeReplica(c, id);
                }
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM apps WHERE id = ?")) {
                s.setLong(1, appId);
                s.executeUpdate();
            }
            Events.app(c, tenant, app, "destroy", "deleted");
            return null;
        });
    }

    /** A new version of a service (the service is created if the app has none of that name). */
    public Views.Change put(String tenant, String app, String service, ServiceSpec spec) {
        SpecValidator.checkName("service", service);
        ServiceSpec validated = SpecValidator.validate("", spec);
        return db.transaction("change service " + service, c -> {
            checkFits(c, "", validated);
            long appId = appId(c, tenant, app);
            Long serviceId = serviceIdOrNull(c, appId, service);
            if (serviceId == null) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO services (app_id, name, current_version)"
                        + " VALUES (?, ?, 1) RETURNING id")) {
                    s.setLong(1, appId);
                    s.setString(2, service);
                    try (ResultSet rows = s.executeQuery()) {
                        rows.next();
                        insertVersion(c, rows.getLong(1), 1, validated, "created");
                        Events.service(c, rows.getLong(1), "update", 1, "version 1: created");
                    }
                }
                return new Views.Change(app, service, 1, "created", "none");
            }
            return newVersion(c, app, service, serviceId, validated, "update", "spec changed");
        });
    }

    public Views.Change scale(String tenant, String app, String service, @Nullable Integer replicas) {
        if (replicas == null) {
            throw SpecException.of("replicas", "is required");
        }
        if (replicas < 0 || replicas > SpecValidator.MAX_REPLICAS) {
            throw SpecException.of("replicas", "must be between 0 and " + SpecValidator.MAX_REPLICAS + ", not "
                    + replicas);
        }
        return db.transaction("scale service " + service, c -> {
            long serviceId = serviceId(c, appId(c, tenant, app), service);
            ServiceSpec current = currentSpec(c, serviceId);
            return newVersion(c, app, service, serviceId, current.withReplicas(replicas), "scale",
                    "scaled to " + replicas);
        });
    }

    public Views.Change deploy(String tenant, String app, @Nullable String service, @Nullable String image) {
        if (image == null) {
            throw SpecException.of("image", "is required");
        }
        return db.transaction("deploy " + app, c -> {
            long appId = appId(c, tenant, app);
            String name = service != null ? service : onlyService(c, appId, app);
            long serviceId = serviceId(c, appId, name);
            ServiceSpec next = SpecValidator.validate("", currentSpec(c, serviceId).withImage(image));
            return newVersion(c, app, name, serviceId, next, "deploy", "deploy " + image);
        });
    }

    /** A new version with the spec of {@code toVersion}, or of the version before the current one. */
    public Views.Change rollback(String tenant, String app, @Nullable String service, @Nullable Integer toVersion) {
        return db.transaction("roll back " + app, c -> {
            long appId = appId(c, tenant, app);
            String name = service != null ? service : onlyService(c, appId, app);
            long serviceId = serviceId(c, appId, name);
            int current = currentVersion(c, serviceId);
            int target = toVersion != null ? toVersion : current - 1;
            if (target < 1 || target >= current) {
                throw new SchedulerException(Problem.CONFLICT, toVersion != null ? "version" : "service",
                        toVersion != null ? "version " + toVersion + " is not an earlier version of " + name
                                + " (current: " + current + ")" : name + " has no version before " + current);
            }
            ServiceSpec spec = spec(c, serviceId, target);
            if (spec == null) {
                throw SchedulerException.notFound("version", name + " has no version " + target);
            }
            return newVersion(c, app, name, serviceId, spec, "rollback", "rollback to version " + target);
        });
    }

    public List<Views.Version> versions(String tenant, String app, String service) {
        return db.read("read versions", c -> {
            long serviceId = serviceId(c, appId(c, tenant, app), service);
            List<Views.Version> versions = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT version, reason, created_at, spec::text FROM"
                    + " service_versions WHERE service_id = ? ORDER BY version")) {
                s.setLong(1, serviceId);
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        versions.add(new Views.Version(rows.getInt(1), rows.getString(2),
                                rows.getTimestamp(3).toInstant(), JSON.readValue(rows.getString(4),
                                ServiceSpec.class)));
                    }
                }
            }
            return versions;
        });
    }

    public List<Views.Replica> ps(String tenant, String app, String service) {
        return db.read("list replicas", c -> {
            long serviceId = serviceId(c, appId(c, tenant, app), service);
            List<Views.Replica> replicas = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, slot, spec_version, node_id, desired, status,"
                    + " restarts, updated_at, pending_reason::text, container_id FROM replicas WHERE service_id = ?"
                    + " ORDER BY slot, id")) {
                s.setLong(1, serviceId);
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        PendingReason reason = rows.getString(9) == null ? null
                                : JSON.readValue(rows.getString(9), PendingReason.class);
                        replicas.add(new Views.Replica(rows.getLong(1), rows.getInt(2), rows.getInt(3),
                                rows.getString(4), rows.getString(5), rows.getString(6), rows.getInt(7),
                                rows.getString(10), rows.getTimestamp(8).toInstant(), reason == null ? null : reason.nodes(),
                                reason == null ? null : reason.summary(), reason == null ? null : reason.message()));
                    }
                }
            }
            return replicas;
        });
    }

    /** Why a replica has no node, as stored with it. */
    public record PendingReason(String message, Map<String, Integer> summary, Map<String, String> nodes) {}

    /**
     * Removes a replica: its reservation is given back, its node's agents see it removed, and the row goes. In the
     * caller's transaction.
     */
    public static void removeReplica(Connection c, long id) throws SQLException {
        Events.containers(c, List.of(Events.ContainerEvent.of(id, "destroy", null, "removed")));
        try (PreparedStatement s = c.prepareStatement("DELETE FROM replicas WHERE id = ? RETURNING node_id, cpu_milli,"
                + " memory_bytes, pids, host_ports")) {
            s.setLong(1, id);
            try (ResultSet rows = s.executeQuery()) {
                if (rows.next() && rows.getString(1) != null) {
                    String node = rows.getString(1);
                    Capacity.release(c, node, new Resources(rows.getLong(2), rows.getLong(3), rows.getLong(4)),
                            java.util.Arrays.asList((Integer[]) rows.getArray(5).getArray()));
                    logAssignment(c, node, id, "remove");
                }
            }
        }
    }

    /**
     * Appends to the assignment log, which the agents' watch streams read. Writers take a transaction lock before
     * drawing a revision, so revisions become visible in their order: a stream that has seen revision r can never
     * later find a smaller one committed, which would be a change it skips.
     */
    public static void logAssignment(Connection c, String node, long replica, String op) throws SQLException {
        lockAssignmentLog(c);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO assignment_log (node_id, replica_id, op)"
                + " VALUES (?, ?, ?)")) {
            s.setString(1, node);
            s.setLong(2, replica);
            s.setString(3, op);
            s.executeUpdate();
        }
    }

    /** Orders writers of the assignment log until the caller's transaction ends (see {@link #logAssignment}). */
    public static void lockAssignmentLog(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(1112692808, 1)")) {
            s.execute();
        }
    }

    /** Refuses a spec no registered node could ever hold, with the field at fault. */
    private static void checkFits(Connection c, String at, ServiceSpec spec) throws SQLException {
        Demand demand = Demand.of(spec);
        try (PreparedStatement s = c.prepareStatement("SELECT count(*), coalesce(max(memory_bytes), 0),"
                + " coalesce(max(cpu_milli), 0) FROM nodes");
             ResultSet rows = s.executeQuery()) {
            rows.next();
            if (rows.getLong(1) == 0) {
                return; // no nodes yet: the replicas wait, pending, for one
            }
            String prefix = at.isEmpty() ? "" : at + ".";
            if (demand.memoryBytes() > rows.getLong(2)) {
                throw new SchedulerException(Problem.UNSCHEDULABLE, prefix + "resources.memory.request",
                        "memory request of " + demand.memoryBytes() + " bytes is more than any node has (largest: "
                                + rows.getLong(2) + " bytes)");
            }
            if (demand.cpuMilli() > rows.getLong(3)) {
                throw new SchedulerException(Problem.UNSCHEDULABLE, prefix + "resources.cpu.request",
                        "cpu request of " + demand.cpuMilli() + "m is more than any node has (largest: "
                                + rows.getLong(3) + "m)");
            }
        }
    }

    private static Views.Change newVersion(Connection c, String app, String service, long serviceId,
                                           ServiceSpec spec, String type, String reason) throws SQLException {
        int current;
        String currentHash;
        try (PreparedStatement s = c.prepareStatement("SELECT v.current_version, sv.template_hash FROM services v"
                + " JOIN service_versions sv ON sv.service_id = v.id AND sv.version = v.current_version"
                + " WHERE v.id = ? FOR UPDATE OF v")) {
            s.setLong(1, serviceId);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                current = rows.getInt(1);
                currentHash = rows.getString(2);
            }
        }
        int next = current + 1;
        String hash = insertVersion(c, serviceId, next, spec, reason);
        boolean rollout = !hash.equals(currentHash);
        if (rollout) {
            try (PreparedStatement s = c.prepareStatement("UPDATE services SET current_version = ?,"
                    + " rollout_state = 'progressing', rollout_from = ?, rollout_message = ? WHERE id = ?")) {
                s.setInt(1, next);
                s.setInt(2, current);
                s.setString(3, "rolling out version " + next + " (" + reason + ")");
                s.setLong(4, serviceId);
                s.executeUpdate();
            }
        } else {
            try (PreparedStatement s = c.prepareStatement("UPDATE services SET current_version = ? WHERE id = ?")) {
                s.setInt(1, next);
                s.setLong(2, serviceId);
                s.executeUpdate();
            }
        }
        Events.service(c, serviceId, type, next, "version " + next + ": " + reason);
        return new Views.Change(app, service, next, reason, rollout ? "progressing" : "none");
    }

    /** Stores a version and returns its template digest. */
    static String insertVersion(Connection c, long serviceId, int version, ServiceSpec spec, String reason)
            throws SQLException {
        String hash = TemplateHash.of(spec);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO service_versions (service_id, version, spec,"
                + " template_hash, reason) VALUES (?, ?, ?::jsonb, ?, ?)")) {
            s.setLong(1, serviceId);
            s.setInt(2, version);
            s.setString(3, StrictJson.write(spec));
            s.setString(4, hash);
            s.setString(5, reason);
            s.executeUpdate();
        }
        return hash;
    }

    /** Adds a version in the leader's loop (an automatic rollback); the service's rollout state is the caller's. */
    public static int addVersion(Connection c, long serviceId, ServiceSpec spec, String reason) throws SQLException {
        int next = currentVersion(c, serviceId) + 1;
        insertVersion(c, serviceId, next, spec, reason);
        return next;
    }

    private Views.App app(Connection c, String tenant, String app) throws SQLException {
        long appId = appId(c, tenant, app);
        java.time.Instant created;
        try (PreparedStatement s = c.prepareStatement("SELECT created_at FROM apps WHERE id = ?")) {
            s.setLong(1, appId);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                created = rows.getTimestamp(1).toInstant();
            }
        }
        List<Views.Service> services = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + SERVICE_COLUMNS + " FROM services v JOIN"
                + " service_versions sv ON sv.service_id = v.id AND sv.version = v.current_version WHERE v.app_id = ?"
                + " ORDER BY v.name")) {
            s.setLong(1, appId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    services.add(service(rows, 1));
                }
            }
        }
        return new Views.App(tenant, app, created, services);
    }

    /** A service as {@link #SERVICE_COLUMNS} give it, from column {@code first} on. */
    private static Views.Service service(ResultSet rows, int first) throws SQLException {
        ServiceSpec spec = JSON.readValue(rows.getString(first + 2), ServiceSpec.class);
        return new Views.Service(rows.getString(first), rows.getInt(first + 1), spec, rows.getString(first + 3),
                rows.getString(first + 4), spec.replicas() == null ? 0 : spec.replicas(), rows.getInt(first + 5),
                rows.getInt(first + 6));
    }

    /** Another tenant's app is not found, exactly as one that does not exist. */
    private static long appId(Connection c, String tenant, String app) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM apps WHERE tenant = ? AND name = ?")) {
            s.setString(1, tenant);
            s.setString(2, app);
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    throw SchedulerException.notFound("app", "no app '" + app + "'");
                }
                return rows.getLong(1);
            }
        }
    }

    private static @Nullable Long serviceIdOrNull(Connection c, long appId, String service) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM services WHERE app_id = ? AND name = ?")) {
            s.setLong(1, appId);
            s.setString(2, service);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    private static long serviceId(Connection c, long appId, String service) throws SQLException {
        Long id = serviceIdOrNull(c, appId, service);
        if (id == null) {
            throw SchedulerException.notFound("service", "no service '" + service + "'");
        }
        return id;
    }

    private static String onlyService(Connection c, long appId, String app) throws SQLException {
        Map<String, Long> services = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT name, id FROM services WHERE app_id = ?")) {
            s.setLong(1, appId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    services.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        if (services.size() != 1) {
            throw SchedulerException.invalid("service", app + " has " + services.size() + " services " +
                    services.keySet() + "; name the one meant");
        }
        return services.keySet().iterator().next();
    }

    private static int currentVersion(Connection c, long serviceId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT current_version FROM services WHERE id = ?")) {
            s.setLong(1, serviceId);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static ServiceSpec currentSpec(Connection c, long serviceId) throws SQLException {
        ServiceSpec spec = spec(c, serviceId, currentVersion(c, serviceId));
        if (spec == null) {
            throw new IllegalStateException("service " + serviceId + " has no current version");
        }
        return spec;
    }

    public static @Nullable ServiceSpec spec(Connection c, long serviceId, int version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT spec::text FROM service_versions WHERE service_id = ?"
                + " AND version = ?")) {
            s.setLong(1, serviceId);
            s.setInt(2, version);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? JSON.readValue(rows.getString(1), ServiceSpec.class) : null;
            }
        }
    }
}
