package dev.berth.cli.cluster;

import dev.berth.cli.CliException;
import dev.berth.cli.http.AgentClient;
import dev.berth.cli.http.AgentErrorException;
import dev.berth.cli.http.AgentUnreachableException;
import dev.berth.cli.http.ApiPath;
import dev.berth.cli.http.GatewayRefusalException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The scheduler's tenant and operator API ({@code scheduler/README.md}) as typed calls, every one in the name of one
 * tenant. Its problem details become one line ({@link SchedulerError}); a scheduler that cannot be reached is named
 * with the ways to point the CLI at it.
 */
public final class SchedulerApi {

    private final AgentClient client;
    private final String tenant;

    public SchedulerApi(AgentClient client, String tenant) {
        this.client = client;
        this.tenant = tenant;
    }

    public JsonNode createApp(JsonNode body) {
        return call(() -> client.post(appPath(), body, JsonNode.class));
    }

    public List<ClusterApp> apps() {
        return call(() -> Arrays.asList(client.get(appPath(), ClusterApp[].class)));
    }

    public ClusterApp app(String app) {
        return call(() -> client.get(appPath(app), ClusterApp.class));
    }

    public JsonNode appTree(String app) {
        return call(() -> client.getTree(appPath(app)));
    }

    public void deleteApp(String app) {
        call(() -> {
            client.delete(appPath(app));
            return null;
        });
    }

    public List<ServiceVersion> versions(String app, String service) {
        return call(() -> Arrays.asList(client.get(appPath(app, "services", service, "versions"),
                ServiceVersion[].class)));
    }

    public List<Replica> ps(String app, String service) {
        return call(() -> Arrays.asList(client.get(appPath(app, "services", service, "ps"), Replica[].class)));
    }

    public Change scale(String app, String service, int replicas) {
        return call(() -> client.post(appPath(app, "services", service, "scale"), Map.of("replicas", replicas),
                Change.class));
    }

    public Change deploy(String app, @Nullable String service, String image) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (service != null) {
            body.put("service", service);
        }
        body.put("image", image);
        return call(() -> client.post(appPath(app, "deploy"), body, Change.class));
    }

    public Change rollback(String app, @Nullable String service, @Nullable Integer version) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (service != null) {
            body.put("service", service);
        }
        if (version != null) {
            body.put("version", version);
        }
        return call(() -> client.post(appPath(app, "rollback"), body, Change.class));
    }

    public List<ClusterNode> nodes() {
        return call(() -> Arrays.asList(client.get(ApiPath.of("api", "v1", "nodes"), ClusterNode[].class)));
    }

    public JsonNode nodeTree(String id) {
        return call(() -> client.getTree(ApiPath.of("api", "v1", "nodes", id)));
    }

    public ClusterNode drain(String id) {
        return call(() -> client.post(ApiPath.of("api", "v1", "nodes", id, "drain"), ClusterNode.class));
    }

    public ClusterNode activate(String id) {
        return call(() -> client.post(ApiPath.of("api", "v1", "nodes", id, "activate"), ClusterNode.class));
    }

    /**
     * The tenant's events after {@code since} (an event id or an ISO-8601 time; null: from now on) as a server-sent
     * event stream, which the caller reads and closes.
     */
    public InputStream events(@Nullable String since, @Nullable String app, @Nullable String type) {
        return call(() -> client.stream(ApiPath.of("api", "v1", "events").query("tenant", tenant)
                .query("since", since).query("app", app).query("type", type).query("follow", "true"),
                "text/event-stream"));
    }

    private ApiPath appPath(String... rest) {
        String[] segments = new String[rest.length + 3];
        segments[0] = "api";
        segments[1] = "v1";
        segments[2] = "apps";
        System.arraycopy(rest, 0, segments, 3, rest.length);
        return ApiPath.of(segments).query("tenant", tenant);
    }

    private <T> T call(Supplier<T> exchange) {
        try {
            return exchange.get();
        } catch (GatewayRefusalException e) {
            throw e;
        } catch (AgentErrorException e) {
            throw new SchedulerError(e.status(), e.problem());
        } catch (AgentUnreachableException e) {
            if (client.sendsToken()) {
                // The gateway is what could not be reached; its own message says so.
                throw e;
            }
            throw new CliException("the scheduler is not reachable at " + client.address() + " ("
                    + reason(e.getMessage()) + "). Start it with deploy/up.sh, or name it with --scheduler URL or "
                    + SchedulerAddress.VARIABLE + ".", e);
        }
    }

    /** The reason in {@link AgentUnreachableException}'s message: what stands in its parentheses. */
    private static String reason(@Nullable String message) {
        if (message == null) {
            return "no connection";
        }
        int open = message.indexOf(" (");
        int close = message.indexOf(')', open + 1);
        return open < 0 || close < 0 ? message : message.substring(open + 2, close);
    }
}
