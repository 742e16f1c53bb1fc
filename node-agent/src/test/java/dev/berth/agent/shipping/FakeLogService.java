package dev.berth.agent.shipping;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.logs.client.WireReader;
import dev.berth.logs.client.WireRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * log-service's ingestion as ingest.md describes it, in memory: per stream the committed end, replays dropped, a
 * record past the end stored with the skipped range as a gap, one ack per stream of the batch. It can answer 503
 * (before or after committing), hang, refuse a container with 409, or be down.
 */
final class FakeLogService implements AutoCloseable {
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"([^\"]*)\"");

    enum Mode { OK, UNAVAILABLE, COMMIT_THEN_UNAVAILABLE, HANG }

    /** One bytes record as received. */
    record Received(String container, String stream, long offset, long nanos, int length) {}

    /** One stream as stored. */
    static final class Stored {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long end;
        long gapBytes;
        long duplicateBytes;
        final Map<String, String> names = new LinkedHashMap<>();
    }

    private final int port;
    private HttpServer server;
    volatile Mode mode = Mode.OK;
    final Set<String> refused = ConcurrentHashMap.newKeySet();
    final Map<String, Stored> streams = new ConcurrentHashMap<>();
    final List<Received> received = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile long delayMillis;
    /** When set, a batch without this value in X-Berth-Internal-Token is answered 401, as log-service does. */
    volatile @Nullable String requiredToken;

    FakeLogService() throws IOException {
        this(0);
    }

    private FakeLogService(int port) throws IOException {
        server = start(port);
        this.port = server.getAddress().getPort();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    void down() {
        server.stop(0);
    }

    void up() throws IOException {
        server = start(port);
    }

    Stored stream(String container, String stream) {
        return streams.computeIfAbsent(container + "/" + stream, k -> new Stored());
    }

    private HttpServer start(int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        http.createContext("/internal/v1/logs", this::handle);
        http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        http.start();
        return http;
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            String token = requiredToken;
            if (token != null && !token.equals(exchange.getRequestHeaders().getFirst("X-Berth-Internal-Token"))) {
                answer(exchange, 401, "{\"type\":\"https://berth.dev/problems/unauthorized\"}");
                return;
            }
            Mode current = mode;
            if (current == Mode.HANG) {
                Thread.sleep(60_000);
            }
            if (current == Mode.UNAVAILABLE) {
                answer(exchange, 503, "{\"type\":\"database-unavailable\"}");
                return;
            }
            String acks;
            synchronized (this) {
                acks = ingest(body, exchange);
            }
            if (acks == null) {
                return;
            }
            batches.incrementAndGet();
            answer(exchange, current == Mode.COMMIT_THEN_UNAVAILABLE ? 503 : 200, acks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    /** Stores a batch and returns its acks, or answers an error and returns null; all or nothing. */
    private String ingest(byte[] body, HttpExchange exchange) throws IOException {
        Map<Integer, Map<String, String>> sources = new LinkedHashMap<>();
        List<WireRecord.BytesRecord> records = new ArrayList<>();
        WireReader reader = new WireReader(body, body.length, 4 << 20);
        while (reader.hasNext()) {
            switch (reader.next()) {
                case WireRecord.SourceRecord source -> {
                    Map<String, String> names = new LinkedHashMap<>();
                    Matcher m = FIELD.matcher(new String(source.json(), StandardCharsets.UTF_8));
                    while (m.find()) {
                        names.put(m.group(1), m.group(2));
                    }
                    if (refused.contains(names.get("container"))) {
                        answer(exchange, 409, "{\"type\":\"source-conflict\"}");
                        return null;
                    }
                    sources.put(source.index(), names);
                }
                case WireRecord.BytesRecord bytes -> records.add(bytes);
            }
        }
        Set<String> named = new LinkedHashSet<>();
        for (Map<String, String> names : sources.values()) {
            named.add(names.get("container") + "/" + names.get("stream"));
        }
        for (WireRecord.BytesRecord record : records) {
            Map<String, String> names = sources.get(record.source());
            String key = names.get("container") + "/" + names.get("stream");
            received.add(new Received(names.get("container"), names.get("stream"), record.offset(),
                    record.arrivalNanos(), record.length()));
            Stored stored = streams.computeIfAbsent(key, k -> new Stored());
            stored.names.putAll(names);
            long recordEnd = record.offset() + record.length();
            if (recordEnd <= stored.end) {
                stored.duplicateBytes += record.length();
                continue;
            }
            int skip = 0;
            if (record.offset() < stored.end) {
                skip = (int) (stored.end - record.offset());
                stored.duplicateBytes += skip;
            } else if (record.offset() > stored.end) {
                stored.gapBytes += record.offset() - stored.end;
                // A gap: keep offsets lined up with the agent's file by filling it with nothing stored.
                stored.bytes.write(new byte[(int) (record.offset() - stored.end)], 0,
                        (int) (record.offset() - stored.end));
            }
            stored.bytes.write(record.buffer(), record.position() + skip, record.length() - skip);
            stored.end = recordEnd;
        }
        StringBuilder acks = new StringBuilder("{\"acks\":[");
        String sep = "";
        for (String key : named) {
            String[] parts = key.split("/");
            acks.append(sep).append("{\"container\":\"").append(parts[0]).append("\",\"stream\":\"").append(parts[1])
                    .append("\",\"end\":").append(streams.computeIfAbsent(key, k -> new Stored()).end).append('}');
            sep = ",";
        }
        return acks.append("]}").toString();
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
