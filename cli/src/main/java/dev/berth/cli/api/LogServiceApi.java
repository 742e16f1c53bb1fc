package dev.berth.cli.api;

import dev.berth.cli.http.AgentClient;
import dev.berth.cli.http.ApiPath;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/** log-service's query endpoint, {@code GET /api/v1/logs}, which holds the output the agents ship to it. */
public final class LogServiceApi {

    /** Docker's framing of stdout and stderr, plus a cursor frame after each batch of a follow. */
    private static final String FRAMES = "application/vnd.berth.multiplexed-stream";

    private final AgentClient client;

    public LogServiceApi(AgentClient client) {
        this.client = client;
    }

    /**
     * The selected lines in frames (see {@code dev.berth.cli.stream.StreamDemuxer}); the caller closes the stream.
     *
     * @param after the cursor to resume a follow after, which replaces the selection's tail and since; null to start
     */
    public InputStream read(LogSelection selection, @Nullable String after) {
        ApiPath path = ApiPath.of("api", "v1", "logs")
                .query("tenant", selection.tenant())
                .query("container", selection.container())
                .query("app", selection.app())
                .query("stream", "stdout,stderr")
                .query("tail", after == null ? selection.tail() : null)
                .query("since", after == null ? selection.since() : null)
                .query("until", selection.until())
                .query("grep", selection.grep())
                .query("timestamps", selection.timestamps() ? "true" : null)
                .query("follow", selection.follow() ? "true" : null)
                .query("after", after);
        return client.stream(path, FRAMES);
    }
}
