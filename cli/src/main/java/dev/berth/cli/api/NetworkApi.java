package dev.berth.cli.api;

import dev.berth.cli.http.AgentClient;
import dev.berth.cli.http.ApiPath;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The agent's {@code /v1/networks} endpoints. A network is named by its name, its id, or a unique id prefix;
 * {@code bridge}, {@code host} and {@code none} always exist.
 */
public final class NetworkApi {

    private final AgentClient client;

    public NetworkApi(AgentClient client) {
        this.client = client;
    }

    public NetworkCreated create(NetworkSpec spec) {
        return client.post(networks(), spec, NetworkCreated.class);
    }

    /** Every network, oldest first. */
    public List<NetworkSummary> list() {
        return List.of(client.get(networks(), NetworkSummary[].class));
    }

    /** The agent's full description, kept as JSON so that {@code network inspect} shows every member it sends. */
    public JsonNode inspect(String ref) {
        return client.getTree(ApiPath.of("v1", "networks", ref));
    }

    /** Refused while any container, running or not, is attached, and for the three built-in networks. */
    public void remove(String ref) {
        client.delete(ApiPath.of("v1", "networks", ref));
    }

    private static ApiPath networks() {
        return ApiPath.of("v1", "networks");
    }
}
