package dev.berth.agent.cluster;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scheduler's agent contract over HTTP/JSON (the JDK's client): register, heartbeat, and the assignment stream as
 * NDJSON. Plain blocking calls; failures are {@link SchedulerUnreachableException}s that say what was asked.
 */
public final class SchedulerClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    public SchedulerClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The body of a registration. */
    record Registration(String id, String address, Map<String, String> labels, Capacity capacity) {}

    record Capacity(String cpu, String memory, long pids, PortRange ports) {}

    record PortRange(int min, int max) {}

    record Heartbeat(List<Convergence.Report> containers, List<String> images) {}

    /** The scheduler's answer to a heartbeat. */
    public record Ack(long revision, List<Long> unknown, boolean draining) {}

    public void register(ClusterSettings settings) {
        ClusterSettings.Capacity c = settings.capacity();
        Registration body = new Registration(settings.nodeId(), settings.address(), settings.labels(),
                new Capacity(c.cpu(), c.memory(), c.pids(), new PortRange(c.portMin(), c.portMax())));
        HttpResponse<String> response = send(post("/internal/v1/nodes", body), "register");
        if (response.statusCode() != 200) {
            throw new SchedulerUnreachableException("register with " + base + ": " + response.statusCode() + " "
                    + response.body());
        }
    }

    /** Sends a heartbeat; null when the scheduler does not know the node (404: register again). */
    public @Nullable Ack heartbeat(String node, List<Convergence.Report> containers, List<String> images) {
        HttpResponse<String> response = send(post("/internal/v1/nodes/" + encode(node) + "/heartbeat",
                new Heartbeat(containers, images)), "heartbeat");
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new SchedulerUnreachableException("heartbeat to " + base + ": " + response.statusCode() + " "
                    + response.body());
        }
        try {
            JsonNode ack = JSON.readTree(response.body());
            List<Long> unknown = new ArrayList<>();
            for (JsonNode replica : ack.path("unknown").values()) {
                unknown.add(replica.asLong());
            }
            return new Ack(ack.path("revision").asLong(0), unknown, ack.path("draining").asBoolean(false));
        } catch (JacksonException e) {
            throw new SchedulerUnreachableException("heartbeat to " + base + ": the answer is not JSON", e);
        }
    }

    /** An open assignment stream: its lines, until it ends or is closed. */
    public static final class Stream implements Closeable {
        private final InputStream body;
        private final BufferedReader lines;

        Stream(InputStream body) {
            this.body = body;
            this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        }

        /** The next line; null at the end of the stream. */
        public @Nullable String next() throws IOException {
            return lines.readLine();
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /**
     * Opens the node's assignment stream: resumed after {@code revision}, or from a snapshot when it is 0. Throws for
     * any answer but 200.
     */
    public Stream watch(String node, long revision) {
        URI uri = base.resolve("/internal/v1/nodes/" + encode(node) + "/assignments?watch=true"
                + (revision > 0 ? "&revision=" + revision : ""));
        // The timeout covers the wait for the answer's headers only; the stream itself is meant to stay open, and its
        // silence is watched by the caller.
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/x-ndjson")
                .GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                String text;
                try (InputStream in = response.body()) {
                    text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                }
                throw new SchedulerUnreachableException("watch " + uri + ": " + response.statusCode() + " " + text);
            }
            return new Stream(response.body());
        } catch (IOException e) {
            throw new SchedulerUnreachableException("watch " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerUnreachableException("watch " + uri + ": interrupted", e);
        }
    }

    private HttpRequest post(String path, Object body) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchedulerUnreachableException(what + " at " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerUnreachableException(what + " at " + request.uri() + ": interrupted", e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
