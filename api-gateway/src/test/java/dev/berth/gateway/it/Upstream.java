package dev.berth.gateway.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in for the scheduler, log-service and the registry on one loopback port in 7890–7899. It records every
 * request as it arrived, and answers like the services do for tenants: the app {@code web} belongs to {@code acme},
 * and another tenant asking for it gets the scheduler's 404. A test may give it the answer to a request of its own
 * ({@link #answer}), such as a tenant's app list.
 *
 * <p>Like a scheduler without a change feed it answers 404 to {@code /internal/v1/changes}, so the gateway's read
 * cache stays off and every read arrives here, until a test turns the feed on ({@link #feedOn}). The feed's requests
 * are not recorded in {@link #seen}.
 */
final class Upstream implements AutoCloseable {
    record Seen(String method, String path, @Nullable String query, @Nullable String tenantHeader,
                @Nullable String authorization, long bodyBytes) {
        @Nullable String tenantParameter() {
            if (query == null) {
                return null;
            }
            String found = null;
            for (String pair : query.split("&")) {
                if (pair.startsWith("tenant=")) {
                    if (found != null) {
                        return "twice";
                    }
                    found = URLDecoder.decode(pair.substring("tenant=".length()), StandardCharsets.UTF_8);
                }
            }
            return found;
        }
    }

    private static final Map<String, String> OWNERS = Map.of("web", "acme");

    /** The JSON answered to {@code method} on {@code path} when the query contains {@code queryPart}. */
    private record Canned(String method, String path, String queryPart, String json) {
        boolean matches(Seen request) {
            return request.method().equals(method) && request.path().equals(path)
                    && request.query() != null && request.query().contains(queryPart);
        }
    }

    private final List<Canned> canned = new CopyOnWriteArrayList<>();

    private static final String FEED = "/internal/v1/changes";
    private static final String END = "end";

    private final HttpServer server;
    private volatile boolean feed;
    private final List<BlockingQueue<String>> feedStreams = new CopyOnWriteArrayList<>();
    private final AtomicLong generation = new AtomicLong();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** The X-Berth-Internal-Token of each request of {@link #seen}, in the same order ("null" for none). */
    final List<String> internalTokens = new CopyOnWriteArrayList<>();

    Upstream() throws IOException {
        HttpServer bound = null;
        for (int port = 7890; port <= 7899 && bound == null; port++) {
            try {
                bound = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
            } catch (BindException e) {
                // taken; the next one
            }
        }
        if (bound == null) {
            throw new IOException("no free loopback port in 7890-7899 for the stand-in services");
        }
        server = bound;
        server.createContext("/", this::handle);
        // A feed stream holds its thread for as long as it is open.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code json} (200) to {@code method} on {@code path} with a query containing {@code queryPart}. */
    void answer(String method, String path, String queryPart, String json) {
        canned.add(0, new Canned(method, path, queryPart, json));
    }

    /** The requests that arrived with {@code method} on {@code path}. */
    List<Seen> seen(String method, String path) {
        return seen.stream().filter(s -> s.method().equals(method) && s.path().equals(path)).toList();
    }

    @Nullable Seen last() {
        return seen.isEmpty() ? null : seen.get(seen.size() - 1);
    }

    /** Serves the change feed from now on. */
    void feedOn() {
        feed = true;
    }

    /** A new generation on every open feed stream. */
    void change() {
        String next = Long.toString(generation.incrementAndGet());
        feedStreams.forEach(stream -> stream.add(next));
    }

    /** Ends every open feed stream, and answers 404 to the next ones until {@link #feedOn}. */
    void feedOff() {
        feed = false;
        feedStreams.forEach(stream -> stream.add(END));
    }

    private void feed(HttpExchange exchange) throws IOException {
        if (!feed) {
            answer(exchange, 404, "application/problem+json", "{\"title\":\"Not found\",\"status\":404}");
            return;
        }
        BlockingQueue<String> stream = new LinkedBlockingQueue<>();
        stream.add(Long.toString(generation.get()));
        feedStreams.add(stream);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (var body = exchange.getResponseBody()) {
            for (String next = stream.take(); !next.equals(END); next = stream.take()) {
                body.write(("data:" + next + "\n\n").getBytes(StandardCharsets.UTF_8));
                body.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the gateway went away
        } finally {
            feedStreams.remove(stream);
            exchange.close();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getRawPath().equals(FEED)) {
            feed(exchange);
            return;
        }
        long bytes;
        try (InputStream body = exchange.getRequestBody()) {
            bytes = body.transferTo(java.io.OutputStream.nullOutputStream());
        }
        String path = exchange.getRequestURI().getRawPath();
        Seen request = new Seen(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("X-Berth-Tenant"),
                exchange.getRequestHeaders().getFirst("Authorization"), bytes);
        internalTokens.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Berth-Internal-Token")));
        seen.add(request);
        String tenant = request.tenantParameter();
        Canned answer = canned.stream().filter(c -> c.matches(request)).findFirst().orElse(null);
        if (answer != null) {
            answer(exchange, 200, "application/json", answer.json());
        } else if (path.startsWith("/api/v1/apps/") && exchange.getRequestMethod().equals("GET")) {
            String app = path.substring("/api/v1/apps/".length());
            if (tenant != null && tenant.equals(OWNERS.get(app))) {
                answer(exchange, 200, "application/json", "{\"name\":\"" + app + "\",\"tenant\":\"" + tenant + "\"}");
            } else {
                answer(exchange, 404, "application/problem+json",
                        "{\"title\":\"No such app\",\"status\":404,\"detail\":\"no app " + app + "\"}");
            }
        } else if (path.startsWith("/v2/")) {
            exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
            answer(exchange, exchange.getRequestMethod().equals("GET") ? 200 : 202, "application/json", "{}");
        } else if (exchange.getRequestMethod().equals("GET")) {
            answer(exchange, 200, "application/json", "{\"tenant\":\"" + tenant + "\"}");
        } else {
            answer(exchange, 201, "application/json", "{\"tenant\":\"" + tenant + "\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        feedOff();
        server.stop(0);
    }
}
