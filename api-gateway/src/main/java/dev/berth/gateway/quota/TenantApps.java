package dev.berth.gateway.quota;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's apps as the scheduler has them: the demand of each service, by app and service name, and each service's
 * current version (what a rollback counts back from). Immutable.
 */
public record TenantApps(Map<String, Map<String, ServiceDemand>> apps, Map<String, Map<String, Integer>> versions) {
    public static final TenantApps NONE = new TenantApps(Map.of(), Map.of());

    public TenantApps {
        apps = copy(apps);
        versions = copy(versions);
    }

    private static <V> Map<String, Map<String, V>> copy(Map<String, Map<String, V>> byApp) {
        Map<String, Map<String, V>> copy = new LinkedHashMap<>();
        byApp.forEach((app, services) -> copy.put(app, Collections.unmodifiableMap(
                new LinkedHashMap<>(services))));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * From the scheduler's {@code GET /api/v1/apps}: {@code [{"name", "services": [{"name", "spec"}]}]}, the specs in
     * their stored form (defaults filled).
     */
    public static TenantApps fromScheduler(JsonNode list) {
        if (!list.isArray()) {
            throw new GatewayException(Problem.UPSTREAM_UNAVAILABLE, "the scheduler's app list is not a JSON array");
        }
        Map<String, Map<String, ServiceDemand>> apps = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> versions = new LinkedHashMap<>();
        for (JsonNode app : list.values()) {
            String name = app.path("name").asString("");
            Map<String, ServiceDemand> services = new LinkedHashMap<>();
            Map<String, Integer> current = new LinkedHashMap<>();
            for (JsonNode service : app.path("services").values()) {
                String serviceName = service.path("name").asString("");
                services.put(serviceName, ServiceDemand.of(service.path("spec"), name + "." + serviceName));
                current.put(serviceName, service.path("version").asInt(0));
            }
            apps.put(name, services);
            versions.put(name, current);
        }
        return new TenantApps(apps, versions);
    }

    public boolean has(String app) {
        return apps.containsKey(app);
    }

    public Optional<ServiceDemand> service(String app, String service) {
        return Optional.ofNullable(apps.getOrDefault(app, Map.of()).get(service));
    }

    /** The services of an app, by name; none for an app the scheduler does not have. */
    public Map<String, ServiceDemand> services(String app) {
        return apps.getOrDefault(app, Map.of());
    }

    /** The service's current version; 0 for one the scheduler does not have. */
    public int version(String app, String service) {
        return versions.getOrDefault(app, Map.of()).getOrDefault(service, 0);
    }

    /** These apps with one service added or replaced (and its app, if it is new). */
    public TenantApps with(String app, String service, ServiceDemand demand) {
        Map<String, Map<String, ServiceDemand>> next = new LinkedHashMap<>(apps);
        Map<String, ServiceDemand> services = new LinkedHashMap<>(apps.getOrDefault(app, Map.of()));
        services.put(service, demand);
        next.put(app, services);
        return new TenantApps(next, versions);
    }

    /** The sum over every service of every app. */
    public Demand demand() {
        Demand sum = Demand.NONE;
        for (Map<String, ServiceDemand> services : apps.values()) {
            for (ServiceDemand service : services.values()) {
                sum = sum.plus(service.total());
            }
        }
        return sum;
    }
}
