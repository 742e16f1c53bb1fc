package dev.berth.logs.it;

import dev.berth.logs.client.Ack;
import dev.berth.logs.client.LogShipperClient;
import dev.berth.logs.client.ShipException;
import dev.berth.logs.client.Source;
import dev.berth.logs.client.Stream;
import dev.berth.logs.client.WireWriter;
import java.io.BufferedReader;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** What the tests drive the service with: the shipper client for batches, and the JDK's HttpClient for queries. */
final class LogClient {
    static final long NOW_NS = System.currentTimeMillis() * 1_000_000L;

    final int port;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final LogShipperClient shipper;

    LogClient(int port) {
        this.port = port;
        this.shipper = new LogShipperClient(http, URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(30));
    }

    static Source source(String tenant, String container, Stream stream) {
        return new Source(tenant, "app-" + tenant, container, stream, "node-1");
    }

    List<Ack> ship(WireWriter batch) throws ShipException, InterruptedException {
        return shipper.ship(batch);
    }

    HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String query, String accept) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri("/api/v1/logs?" + query)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The lines of a plain-text query; fails unless it answered 200. */
    List<String> text(String query) throws IOException, InterruptedException {
        HttpResponse<String> response = get(query, "text/plain");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + query + " answered " + response.statusCode() + ": " + response.body());
        }
        String body = response.body();
        if (body.isEmpty()) {
            return List.of();
        }
        return List.of(body.substring(0, body.length() - 1).split("\n", -1));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static String params(Map<String, String> parameters) {
        return parameters.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** One SSE event: its id and its data. */
    record Event(String id, String data) {}

    /** A follow over SSE, read by a thread of its own into a queue. */
    static final class Follow implements AutoCloseable {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final int status;
        private final InputStream body;
        private final Thread reader;

        Follow(LogClient client, String query, @Nullable String lastEventId) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(client.uri("/api/v1/logs?" + query))
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = client.http.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            this.status = response.statusCode();
            this.body = response.body();
            this.reader = Thread.ofPlatform().daemon().start(this::read);
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                StringBuilder data = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isEmpty()) {
                        if (id != null || !data.isEmpty()) {
                            events.add(new Event(id == null ? "" : id, data.toString()));
                        }
                        id = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Nullable Event poll(Duration within) throws InterruptedException {
            return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Waits for {@code count} events. */
        List<Event> take(int count, Duration within) throws InterruptedException {
            List<Event> taken = new ArrayList<>();
            long deadline = System.nanoTime() + within.toNanos();
            while (taken.size() < count) {
                long left = deadline - System.nanoTime();
                Event event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
                if (event == null) {
                    throw new AssertionError("only " + taken.size() + " of " + count + " events within " + within
                            + ": " + taken);
                }
                taken.add(event);
            }
            return taken;
        }

        @Override
        public void close() throws IOException {
            body.close();
            reader.interrupt();
        }
    }
}
