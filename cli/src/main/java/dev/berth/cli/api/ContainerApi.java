package dev.berth.cli.api;

import dev.berth.cli.Console;
import dev.berth.cli.http.AgentClient;
import dev.berth.cli.http.ApiPath;
import dev.berth.cli.http.PendingCall;
import dev.berth.cli.terminal.AttachSession;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The agent's {@code /v1/containers} endpoints. A container is named by its id, a unique id prefix, or its name. */
public final class ContainerApi {

    private final AgentClient client;

    public ContainerApi(AgentClient client) {
        this.client = client;
    }

    /** Creates a container, and with {@code start} also starts it in the same call. */
    public ContainerCreated create(ContainerSpec spec, boolean start) {
        return client.post(containers().query("start", start ? "true" : null), spec, ContainerCreated.class);
    }

    public void start(String ref) {
        client.post(container(ref, "start"));
    }

    /** SIGTERM, then SIGKILL after {@code timeoutSeconds} (the agent's default when null). */
    public void stop(String ref, @Nullable Integer timeoutSeconds) {
        client.post(container(ref, "stop").query("t", timeoutSeconds));
    }

    public void restart(String ref, @Nullable Integer timeoutSeconds) {
        client.post(container(ref, "restart").query("t", timeoutSeconds));
    }

    /** Sends {@code signal} (a name or a number), or the agent's default SIGKILL when null. */
    public void kill(String ref, @Nullable String signal) {
        client.post(container(ref, "kill").query("signal", signal));
    }

    public void remove(String ref, boolean force) {
        client.delete(ApiPath.of("v1", "containers", ref).query("force", force ? "true" : null));
    }

    /** Running containers, or all of them, newest first. */
    public List<ContainerSummary> list(boolean all) {
        return List.of(client.get(containers().query("all", all ? "true" : null), ContainerSummary[].class));
    }

    /** The agent's full description, kept as JSON so that {@code inspect} shows every member the agent sends. */
    public JsonNode inspect(String ref) {
        return client.getTree(ApiPath.of("v1", "containers", ref));
    }

    /** The published ports in force; none when it does not run. */
    public List<PortMapping> ports(String ref) {
        return List.of(client.get(container(ref, "port"), PortMapping[].class));
    }

    public ContainerStats stats(String ref) {
        return client.get(container(ref, "stats"), ContainerStats.class);
    }

    /** What the container changed against its image, sorted by path, as {@code docker diff} lists it. */
    public List<FileChange> changes(String ref) {
        return List.of(client.get(container(ref, "changes"), FileChange[].class));
    }

    /**
     * Makes an image of the container's changes.
     *
     * @param repository {@code name[:tag]} for the new image, or null for an untagged one
     * @param changes Dockerfile lines applied to the image's config, one parameter each
     */
    public ImageCommitted commit(String ref, @Nullable String repository, @Nullable String message,
                                 List<String> changes, boolean pause) {
        ApiPath path = container(ref, "commit").query("repo", repository).query("comment", message)
                .query("pause", pause ? null : "false");
        for (String change : changes) {
            path = path.query("changes", change);
        }
        return client.post(path, ImageCommitted.class);
    }

    public ExitStatus waitFor(String ref, WaitCondition condition) {
        return client.post(container(ref, "wait").query("condition", condition.parameter()), ExitStatus.class);
    }

    /** Starts a {@code wait} and returns at once; ask with {@link WaitCondition#NEXT_EXIT} before a start. */
    public PendingCall<ExitStatus> waitAsync(String ref, WaitCondition condition) {
        return client.postAsync(container(ref, "wait").query("condition", condition.parameter()), ExitStatus.class);
    }

    /** The multiplexed stream of the container's output; see {@code dev.berth.cli.stream.StreamDemuxer}. */
    public InputStream logs(String ref, LogQuery query) {
        return client.stream(logsPath(ref, query));
    }

    public CompletableFuture<InputStream> logsAsync(String ref, LogQuery query) {
        return client.streamAsync(logsPath(ref, query));
    }

    private static ApiPath logsPath(String ref, LogQuery query) {
        return container(ref, "logs")
                .query("follow", query.follow() ? "true" : null)
                .query("tail", query.tail())
                .query("since", query.since())
                .query("timestamps", query.timestamps() ? "true" : null);
    }

    private static ApiPath containers() {
        return ApiPath.of("v1", "containers");
    }

    private static ApiPath container(String ref, String action) {
        return ApiPath.of("v1", "containers", ref, action);
    }

    /** Sets the size of the container's terminal: at once if it runs, else for its start. */
    public void resize(String ref, int rows, int columns) {
        client.post(container(ref, "resize").query("h", rows).query("w", columns));
    }

    /**
     * Attaches to the container's stdio over the agent's WebSocket: output from now on, or with {@code logs} all of
     * it first (for a container about to be started), and stdin when {@code options} send it.
     */
    public AttachSession attach(String ref, boolean logs, Console console, AttachSession.Options options) {
        return AttachSession.connect(client, container(ref, "attach").query("stdin", options.sendStdin() ? "1" : "0")
                .query("logs", logs ? "1" : "0"), console, options);
    }
}
