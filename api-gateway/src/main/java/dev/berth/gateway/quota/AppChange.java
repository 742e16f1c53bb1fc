package dev.berth.gateway.quota;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A request to the scheduler that can change what a tenant's apps ask for, read from its method, path and body, and
 * what the apps would be after it. Anything else (reads, deletes) is no change here.
 *
 * <pre>
 * POST /api/v1/apps                              {"name", "services": {NAME: SPEC}}  an app added
 * PUT  /api/v1/apps/{app}/services/{service}     SPEC                                the service's spec replaced
 * POST /api/v1/apps/{app}/services/{service}/scale {"replicas": N}                   its replicas replaced
 * POST /api/v1/apps/{app}/deploy                 {"service", "image"}                a new image: same demand
 * POST /api/v1/apps/{app}/rollback               {"service"?, "version"?}            an earlier version's spec
 * </pre>
 *
 * A rollback's spec is not in its request: the scheduler's versions of the service give it ({@link Rollback#target},
 * then {@link Rollback#apply(TenantApps, JsonNode)}).
 */
public sealed interface AppChange {
    Pattern SERVICE = Pattern.compile("^/api/v1/apps/([^/]+)/services/([^/]+)(/scale)?/?$");
    Pattern DEPLOY = Pattern.compile("^/api/v1/apps/([^/]+)/deploy/?$");
    Pattern ROLLBACK = Pattern.compile("^/api/v1/apps/([^/]+)/rollback/?$");

    /** The apps after this change. */
    TenantApps apply(TenantApps before);

    record CreateApp(String app, Map<String, ServiceDemand> services) implements AppChange {
        @Override
        public TenantApps apply(TenantApps before) {
            // An app that exists already is the scheduler's conflict to answer; it adds nothing.
            if (before.has(app)) {
                return before;
            }
            TenantApps after = before;
            for (Map.Entry<String, ServiceDemand> service : services.entrySet()) {
                after = after.with(app, service.getKey(), service.getValue());
            }
            return after;
        }
    }

    record PutService(String app, String service, ServiceDemand demand) implements AppChange {
        @Override
        public TenantApps apply(TenantApps before) {
            return before.with(app, service, demand);
        }
    }

    record Scale(String app, String service, long replicas) implements AppChange {
        @Override
        public TenantApps apply(TenantApps before) {
            // A service the scheduler does not know is its 404 to answer.
            return before.service(app, service).map(s -> before.with(app, service, s.withReplicas(replicas)))
                    .orElse(before);
        }
    }

    /** A new image rolls out in the same shape: the demand stays, and must still fit. */
    record Deploy(String app) implements AppChange {
        @Override
        public TenantApps apply(TenantApps before) {
            return before;
        }
    }

    /**
     * A rollback of a service to an earlier version: by default the app's only service, and the version before its
     * current one, as the scheduler picks them.
     */
    record Rollback(String app, @Nullable String service, @Nullable Integer version) implements AppChange {
        /** The service and version it rolls back to; empty when the scheduler will refuse it anyway. */
        public Optional<Map.Entry<String, Integer>> target(TenantApps before) {
            Map<String, ServiceDemand> services = before.services(app);
            String name = service != null ? service : services.size() == 1 ? services.keySet().iterator().next()
                    : null;
            if (name == null || !services.containsKey(name)) {
                return Optional.empty();
            }
            int current = before.version(app, name);
            int to = version != null ? version : current - 1;
            return to >= 1 && to < current ? Optional.of(Map.entry(name, to)) : Optional.empty();
        }

        /** Without the versions, a rollback is counted as no change. */
        @Override
        public TenantApps apply(TenantApps before) {
            return before;
        }

        /** The apps after it: the target version's spec ({@code versions}, the scheduler's list) for the current. */
        public TenantApps apply(TenantApps before, JsonNode versions) {
            return target(before).flatMap(to -> ServiceDemand.ofVersion(versions, to.getValue(),
                            app + "." + to.getKey())
                    .map(demand -> new PutService(app, to.getKey(), demand).apply(before))).orElse(before);
        }
    }

    /** Whether {@code method} on {@code path} (raw) changes demand; the body is read only when it may. */
    static boolean mayChange(String method, String path) {
        return (method.equals("POST") && (path.equals("/api/v1/apps") || path.equals("/api/v1/apps/")
                || DEPLOY.matcher(path).matches() || ROLLBACK.matcher(path).matches() || isScale(path)))
                || (method.equals("PUT") && SERVICE.matcher(path).matches() && !isScale(path));
    }

    /** The change a request makes, if it makes one; a body that cannot be read is a 400 naming what is wrong. */
    static Optional<AppChange> of(String method, String path, byte[] body) {
        if (!mayChange(method, path)) {
            return Optional.empty();
        }
        Matcher deploy = DEPLOY.matcher(path);
        if (deploy.matches()) {
            return Optional.of(new Deploy(deploy.group(1)));
        }
        Matcher rollback = ROLLBACK.matcher(path);
        if (rollback.matches()) {
            JsonNode json = body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()
                    ? Json.MAPPER.createObjectNode() : read(body);
            JsonNode version = json.path("version");
            if (!version.isMissingNode() && !version.isNull() && !version.isInt()) {
                throw new GatewayException(Problem.INVALID_REQUEST, "version: must be a whole number");
            }
            return Optional.of(new Rollback(rollback.group(1), json.path("service").isString()
                    ? json.path("service").asString() : null, version.isInt() ? version.intValue() : null));
        }
        JsonNode json = read(body);
        if (method.equals("PUT")) {
            Matcher service = SERVICE.matcher(path);
            service.matches();
            return Optional.of(new PutService(service.group(1), service.group(2), ServiceDemand.of(json, "")));
        }
        if (isScale(path)) {
            Matcher service = SERVICE.matcher(path);
            service.matches();
            JsonNode replicas = json.path("replicas");
            if (!replicas.isIntegralNumber() || !replicas.canConvertToLong() || replicas.longValue() < 0) {
                throw new GatewayException(Problem.INVALID_REQUEST, "replicas: must be a whole number, 0 or more");
            }
            return Optional.of(new Scale(service.group(1), service.group(2), replicas.longValue()));
        }
        Map<String, ServiceDemand> services = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> service : json.path("services").properties()) {
            services.put(service.getKey(), ServiceDemand.of(service.getValue(), "services." + service.getKey()));
        }
        return Optional.of(new CreateApp(json.path("name").asString(""), services));
    }

    private static boolean isScale(String path) {
        Matcher service = SERVICE.matcher(path);
        return service.matches() && service.group(3) != null;
    }

    private static JsonNode read(byte[] body) {
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (json == null || !json.isObject()) {
                throw new GatewayException(Problem.INVALID_REQUEST, "the request body is not a JSON object");
            }
            return json;
        } catch (JacksonException e) {
            throw new GatewayException(Problem.INVALID_REQUEST, "the request body is not JSON: "
                    + e.getOriginalMessage());
        }
    }
}
