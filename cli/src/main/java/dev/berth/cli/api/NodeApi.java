package dev.berth.cli.api;

import dev.berth.cli.http.AgentClient;
import dev.berth.cli.http.ApiPath;

/** The agent's node-wide endpoints. */
public final class NodeApi {

    private final AgentClient client;

    public NodeApi(AgentClient client) {
        this.client = client;
    }

    public NodeInfo info() {
        return client.get(ApiPath.of("v1", "info"), NodeInfo.class);
    }
}
