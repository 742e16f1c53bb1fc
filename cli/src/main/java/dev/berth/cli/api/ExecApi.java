package dev.berth.cli.api;

import dev.berth.cli.Console;
import dev.berth.cli.http.AgentClient;
import dev.berth.cli.http.ApiPath;
import dev.berth.cli.terminal.AttachSession;

/** The agent's exec endpoints: a process run inside a running container. */
public final class ExecApi {

    private final AgentClient client;

    public ExecApi(AgentClient client) {
        this.client = client;
    }

    private record Created(String id) {}

    /** Registers the exec; it runs once started or attached to. Returns its id. */
    public String create(String container, ExecSpec spec) {
        return client.post(ApiPath.of("v1", "containers", container, "exec"), spec, Created.class).id();
    }

    /** Starts an exec nobody attaches to (a detached one). */
    public void start(String id) {
        client.post(ApiPath.of("v1", "exec", id, "start"));
    }

    public void resize(String id, int rows, int columns) {
        client.post(ApiPath.of("v1", "exec", id, "resize").query("h", rows).query("w", columns));
    }

    /** Attaching starts the exec, once the agent follows its output. */
    public AttachSession attach(String id, Console console, AttachSession.Options options) {
        return AttachSession.connect(client, ApiPath.of("v1", "exec", id, "attach"), console, options);
    }
}
