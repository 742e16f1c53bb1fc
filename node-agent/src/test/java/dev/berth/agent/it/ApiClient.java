package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small client of the agent's HTTP API, for tests: what a user's tool would send, checked on the wire. */
public final class ApiClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Response(int status, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String detail() {
            return json().path("detail").asString();
        }
    }

    /** One frame of the multiplexed log stream. */
    public record Frame(int stream, byte[] data) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    public Response post(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    public Response post(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public Response importTar(Path tar, String name) {
        return importTar(tar, name, "CMD [\"sh\"]");
    }

    public Response importTar(Path tar, String name, String change) {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + "/v1/images/import?name=" + encode(name)
                            + "&changes=" + encode(change)))
                    .header("Content-Type", "application/x-tar").POST(HttpRequest.BodyPublishers.ofFile(tar)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GET whose body is binary, such as a saved image archive. */
    public record Download(int status, byte[] body) {}

    public Download download(String path) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Download(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A POST of a binary body, such as an image archive to load. */
    public Response upload(String path, byte[] body, String contentType) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- conveniences -----------------------------------------------------------------------------------------

    /** Creates (and with {@code start}, starts) a container; asserts success; returns its id. */
    public String create(Map<String, Object> spec, boolean start) {
        Response response = post("/v1/containers" + (start ? "?start=true" : ""), spec);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("id").asString();
    }

    /** Waits for the container's exit and returns its wait body. */
    public JsonNode await(String id) {
        Response response = post("/v1/containers/" + id + "/wait");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** Runs a container to its end: its exit code and combined output. */
    public record Run(String id, int exitCode, boolean oomKilled, String stdout, String stderr) {}

    public Run run(Map<String, Object> spec) {
        String id = create(spec, true);
        JsonNode exit = await(id);
        List<Frame> frames = logs(id, "");
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (Frame frame : frames) {
            (frame.stream() == 1 ? out : err).append(frame.text());
        }
        return new Run(id, exit.path("exitCode").asInt(), exit.path("oomKilled").asBoolean(), out.toString(),
                err.toString());
    }

    /** Runs {@code sh -c script} as a fresh container, removed afterwards, and returns its stdout. */
    public Run sh(String script, Map<String, Object> extra) {
        Map<String, Object> spec = new java.util.HashMap<>(extra);
        spec.put("image", "busybox");
        spec.put("cmd", List.of("sh", "-c", script));
        Run run = run(spec);
        delete("/v1/containers/" + run.id() + "?force=true");
        return run;
    }

    public Run sh(String script) {
        return sh(script, Map.of());
    }

    public JsonNode inspect(String id) {
        Response response = get("/v1/containers/" + id);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** Reads the whole log (not following) as frames. */
    public List<Frame> logs(String id, String query) {
        try (InputStream in = openLogs(id, query)) {
            return readFrames(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InputStream openLogs(String id, String query) {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                    URI.create(base + "/v1/containers/" + id + "/logs" + (query.isEmpty() ? "" : "?" + query)))
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static List<Frame> readFrames(InputStream in) throws IOException {
        List<Frame> frames = new ArrayList<>();
        Frame frame;
        while ((frame = readFrame(in)) != null) {
            if (frame.data().length > 0) {
                frames.add(frame);
            }
        }
        return frames;
    }

    /** The next frame, or null at the end of the stream. */
    public static Frame readFrame(InputStream in) throws IOException {
        byte[] header = in.readNBytes(8);
        if (header.length == 0) {
            return null;
        }
        assertThat(header).hasSize(8);
        int size = (header[4] & 0xff) << 24 | (header[5] & 0xff) << 16 | (header[6] & 0xff) << 8 | (header[7] & 0xff);
        byte[] data = in.readNBytes(size);
        assertThat(data).hasSize(size);
        return new Frame(header[0], data);
    }

    public static String text(List<Frame> frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        frames.forEach(f -> all.writeBytes(f.data()));
        return all.toString(StandardCharsets.UTF_8);
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
