package dev.berth.agent.cluster;

import dev.berth.internalauth.InternalToken;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scheduler's agent contract over HTTP/JSON (the JDK's client): register, heartbeat, and the assignment stream as
 * NDJSON. Plain blocking calls; failures are {@link SchedulerUnreachableException}s that say what was asked.
 *
 * <p>Every replica of the scheduler serves agents (they read and write the shared database; only the leader places).
 * Given several, the client sticks to one until it fails to answer (no connection, a timeout, or a 5xx) and then moves
 * to the next for the caller's retry, so that a node outlives the replica it talked to.
 */
public final class SchedulerClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<URI> bases;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicInteger current = new AtomicInteger();
    private final @Nullable InternalToken token;

    public SchedulerClient(List<URI> bases, Duration timeout) {
        this(bases, timeout, null);
    }

    /** @param token sent with every request, for schedulers that require it; null for those that do not */
    public SchedulerClient(List<URI> bases, Duration timeout, @Nullable InternalToken token) {
        this.token = token;
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("no scheduler to talk to");
        }
        this.bases = List.copyOf(bases);
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

    /** The scheduler replica requests go to now. */
    public URI base() {
        return bases.get(Math.floorMod(current.get(), bases.size()));
    }

    /**
     * After a request to {@code failed} (any URI of the replica) got no answer: the next replica, unless another
     * caller has moved on already.
     */
    private void moveOn(URI failed) {
        int now = current.get();
        URI base = bases.get(Math.floorMod(now, bases.size()));
        if (bases.size() > 1 && base.getScheme().equals(failed.getScheme())
                && String.valueOf(base.getRawAuthority()).equals(failed.getRawAuthority())) {
            current.compareAndSet(now, now + 1);
        }
    }

    public void register(ClusterSettings settings) {
        ClusterSettings.Capacity c = settings.capacity();
        Registration body = new Registration(settings.nodeId(), settings.address(), settings.labels(),
                new Capacity(c.cpu(), c.memory(), c.pids(), new PortRange(c.portMin(), c.portMax())));
        HttpResponse<String> response = send(post("/internal/v1/nodes", body), "register");
        if (response.statusCode() != 200) {
            throw refused("register with", response);
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
            throw refused("heartbeat to", response);
        }
        try {
            JsonNode ack = JSON.readTree(response.body());
            List<Long> unknown = new ArrayList<>();
            for (JsonNode replica : ack.path("unknown").values()) {
                unknown.add(replica.asLong());
            }
            return new Ack(ack.path("revision").asLong(0), unknown, ack.path("draining").asBoolean(false));
        } catch (JacksonException e) {
            throw new SchedulerUnreachableException("heartbeat to " + response.uri() + ": the answer is not JSON", e);
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
        URI base = base();
        URI uri = base.resolve("/internal/v1/nodes/" + encode(node) + "/assignments?watch=true"
                + (revision > 0 ? "&revision=" + revision : ""));
        // The timeout covers the wait for the answer's headers only; the stream itself is meant to stay open, and its
        // silence is watched by the caller.
        HttpRequest request = InternalToken.present(token, HttpRequest.newBuilder(uri)).timeout(timeout)
                .header("Accept", "application/x-ndjson")
                .GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                String text;
                try (InputStream in = response.body()) {
                    text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                }
                if (response.statusCode() >= 500) {
                    moveOn(base);
                }
                throw new SchedulerUnreachableException("watch " + uri + ": " + response.statusCode() + " " + text);
            }
            return new Stream(response.body());
        } catch (IOException e) {
            moveOn(base);
            throw new SchedulerUnreachableException("watch " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerUnreachableException("watch " + uri + ": interrupted", e);
        }
    }

    private SchedulerUnreachableException refused(String what, HttpResponse<String> response) {
        if (response.statusCode() >= 500) {
            moveOn(baseOf(response.uri()));
        }
        return new SchedulerUnreachableException(what + " " + baseOf(response.uri()) + ": " + response.statusCode() + " "
                + response.body());
    }

    private static URI baseOf(URI uri) {
        return uri.resolve("/");
    }

    private HttpRequest post(String path, Object body) {
        return InternalToken.present(token, HttpRequest.newBuilder(base().resolve(path))).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            moveOn(baseOf(request.uri()));
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
