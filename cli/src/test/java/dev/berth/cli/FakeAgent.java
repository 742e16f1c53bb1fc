package dev.berth.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * Just enough of the node agent's API (node-agent/docs/api.md) for the CLI's end-to-end tests: routes answer with
 * canned bodies or custom behaviour, and every request is recorded in arrival order.
 */
final class FakeAgent implements AutoCloseable {

    /**
     * One request as the agent saw it; the query is decoded, the path is kept as sent. {@code authorization} is its
     * {@code Authorization} header, {@code registryAuth} its {@code X-Registry-Auth}; each empty without one.
     */
    record Request(String method, String path, Map<String, List<String>> query, String contentType, byte[] body,
                   String authorization, String registryAuth) {

        String param(String name) {
            List<String> values = query.getOrDefault(name, List.of());
            return values.isEmpty() ? null : values.getLast();
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @FunctionalInterface
    interface Responder {
        void respond(Request request, HttpExchange exchange) throws Exception;
    }

    private record Route(String method, Pattern path, Responder responder) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeAgent() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // Requests such as wait and a followed log stay open while others come in: one thread each.
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method} on paths matching {@code pathRegex} (the raw path, without the query). */
    FakeAgent on(String method, String pathRegex, Responder responder) {
        routes.add(new Route(method, Pattern.compile(pathRegex), responder));
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The index of the first request with this method whose path ends with {@code suffix}, or -1. */
    int indexOf(String method, String suffix) {
        List<Request> seen = requests();
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).method().equals(method) && seen.get(i).path().endsWith(suffix)) {
                return i;
            }
        }
        return -1;
    }

    Request first(String method, String suffix) {
        int index = indexOf(method, suffix);
        if (index < 0) {
            throw new AssertionError("no " + method + " *" + suffix + " among " + describe());
        }
        return requests().get(index);
    }

    String describe() {
        return requests().stream().map(request -> request.method() + " " + request.path()).toList().toString();
    }

    static Responder json(int status, String body) {
        return (request, exchange) -> send(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    static Responder noContent() {
        return (request, exchange) -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        };
    }

    static Responder problem(int status, String detail, Integer exitCode) {
        String body = "{\"type\":\"https://berth.dev/problems/test\",\"title\":\"Test problem\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\"", "\\\"") + "\""
                + (exitCode == null ? "" : ",\"exitCode\":" + exitCode) + "}";
        return (request, exchange) -> send(exchange, status, "application/problem+json",
                body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A frame of Docker's multiplexed stream. */
    static byte[] frame(int stream, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[8 + bytes.length];
        frame[0] = (byte) stream;
        frame[4] = (byte) (bytes.length >>> 24);
        frame[5] = (byte) (bytes.length >>> 16);
        frame[6] = (byte) (bytes.length >>> 8);
        frame[7] = (byte) bytes.length;
        System.arraycopy(bytes, 0, frame, 8, bytes.length);
        return frame;
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String registryAuth = exchange.getRequestHeaders().getFirst("X-Registry-Auth");
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    parseQuery(exchange.getRequestURI().getRawQuery()), contentType == null ? "" : contentType,
                    exchange.getRequestBody().readAllBytes(), authorization == null ? "" : authorization,
                    registryAuth == null ? "" : registryAuth);
            requests.add(request);
            for (Route route : routes) {
                if (route.method().equals(request.method()) && route.path().matcher(request.path()).matches()) {
                    route.responder().respond(request, exchange);
                    return;
                }
            }
            problem(404, "no route in the fake agent for " + request.method() + " " + request.path(), null)
                    .respond(request, exchange);
        } catch (IOException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
