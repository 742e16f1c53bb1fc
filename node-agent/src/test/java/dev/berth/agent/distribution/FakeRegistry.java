package dev.berth.agent.distribution;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.agent.image.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parts of the OCI Distribution API a pull and a push use, in memory, on loopback, with ways to misbehave that a
 * real registry does not offer: a blob served with other bytes, or cut short. The real registries are tested against
 * in the integration tests; this one is for what they would never do.
 */
final class FakeRegistry implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    /** repository:reference (tag or digest) to media type and bytes. */
    final Map<String, Map.Entry<String, byte[]>> manifests = new ConcurrentHashMap<>();
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    /** Replaces what a blob GET sends, by digest. */
    final Map<String, UnaryOperator<byte[]>> tampered = new ConcurrentHashMap<>();
    /** Blobs whose GET sends half of the bytes and then nothing more, while the connection stays open. */
    final Set<String> stalled = ConcurrentHashMap.newKeySet();
    private final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
    /** The {@code Authorization} of every request to {@code /v2/} ("none" without one). */
    final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    /** The {@code Authorization} of every request to the token realm. */
    final List<String> tokenRequests = Collections.synchronizedList(new ArrayList<>());
    /** user:password the token realm takes, once {@link #requireTokens} is called; null: every request is served. */
    private volatile String account;

    FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", this::handle);
        server.createContext("/token", this::token);
        server.start();
    }

    /**
     * From now on, as Docker Hub and distribution with token auth do: {@code /v2/} answers 401 with a Bearer
     * challenge unless the request carries a token of the realm for its repository and action (pull to read, push to
     * write), and the realm gives such tokens only for the Basic credentials {@code user:password}.
     */
    void requireTokens(String user, String password) {
        account = user + ":" + password;
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            tokenRequests.add(authorization == null ? "none" : authorization);
            String expected = "Basic " + Base64.getEncoder().encodeToString(account.getBytes(
                    StandardCharsets.UTF_8));
            if (!expected.equals(authorization)) {
                error(exchange, 401, "UNAUTHORIZED", "bad credentials");
                return;
            }
            String query = URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
            String scope = query.substring(query.indexOf("scope=") + "scope=".length());
            send(exchange, 200, ("{\"token\":\"granted." + scope.replace(':', '.') + "\"}").getBytes(
                    StandardCharsets.UTF_8), "application/json");
        }
    }

    /** Whether the request may go on; if not, it has been answered 401 with the challenge for what it needs. */
    private boolean authorized(HttpExchange exchange, String method, String path) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(authorization == null ? "none" : authorization);
        if (account == null) {
            return true;
        }
        int end = path.indexOf("/manifests/") > 0 ? path.indexOf("/manifests/") : Math.max(0, path.indexOf("/blobs/"));
        String repository = path.substring(0, end);
        String actions = method.equals("GET") || method.equals("HEAD") ? "pull" : "pull,push";
        String needed = "granted.repository." + repository + "." + actions;
        boolean granted = authorization != null && authorization.startsWith("Bearer granted.repository." + repository
                + ".") && (actions.equals("pull") || authorization.endsWith("pull,push"));
        if (granted) {
            return true;
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + address()
                + "/token\",service=\"fake\",scope=\"repository:" + repository + ":" + actions + "\"");
        error(exchange, 401, "UNAUTHORIZED", "authentication required for " + needed);
        return false;
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    Digest putBlob(byte[] content) {
        Digest digest = Digest.sha256Of(content);
        blobs.put(digest.toString(), content);
        return digest;
    }

    Digest putManifest(String repository, String tag, String mediaType, byte[] manifest) {
        Digest digest = Digest.sha256Of(manifest);
        manifests.put(repository + ":" + tag, Map.entry(mediaType, manifest));
        manifests.put(repository + ":" + digest, Map.entry(mediaType, manifest));
        return digest;
    }

    /** An image manifest of the given config and layer blobs (already put), each with its type. */
    static byte[] manifest(String mediaType, Descriptor config, List<Descriptor> layers) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", mediaType);
        root.set("config", descriptor(config));
        ArrayNode array = root.putArray("layers");
        layers.forEach(layer -> array.add(descriptor(layer)));
        return JSON.writeValueAsBytes(root);
    }

    static ObjectNode descriptor(Descriptor descriptor) {
        ObjectNode node = JSON.createObjectNode();
        node.put("mediaType", descriptor.mediaType());
        node.put("digest", descriptor.digest().toString());
        node.put("size", descriptor.size());
        return node;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath().substring("/v2/".length());
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(method + " /v2/" + path + (query == null ? "" : "?" + query));
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!authorized(exchange, method, path)) {
                return;
            }
            int manifestsAt = path.lastIndexOf("/manifests/");
            int blobsAt = path.lastIndexOf("/blobs/");
            if (manifestsAt > 0) {
                String key = path.substring(0, manifestsAt) + ":" + path.substring(manifestsAt + "/manifests/".length());
                if (method.equals("PUT")) {
                    String type = exchange.getRequestHeaders().getFirst("Content-Type");
                    String repository = path.substring(0, manifestsAt);
                    Digest digest = putManifest(repository, key.substring(repository.length() + 1), type, body);
                    exchange.getResponseHeaders().set("Docker-Content-Digest", digest.toString());
                    send(exchange, 201, new byte[0], null);
                    return;
                }
                Map.Entry<String, byte[]> manifest = manifests.get(key);
                if (manifest == null) {
                    error(exchange, 404, "MANIFEST_UNKNOWN", "manifest unknown");
                    return;
                }
                send(exchange, 200, manifest.getValue(), manifest.getKey());
                return;
            }
            if (path.contains("/blobs/uploads/")) {
                upload(exchange, method, path, query, body);
                return;
            }
            if (blobsAt > 0) {
                String digest = path.substring(blobsAt + "/blobs/".length());
                byte[] blob = blobs.get(digest);
                if (blob == null) {
                    error(exchange, 404, "BLOB_UNKNOWN", "blob unknown to registry");
                    return;
                }
                if (method.equals("HEAD")) {
                    exchange.getResponseHeaders().set("Content-Length", Integer.toString(blob.length));
                    exchange.sendResponseHeaders(200, -1);
                    return;
                }
                if (stalled.contains(digest)) {
                    stall(exchange, blob);
                    return;
                }
                send(exchange, 200, tampered.getOrDefault(digest, UnaryOperator.identity()).apply(blob), null);
                return;
            }
            error(exchange, 404, "NAME_UNKNOWN", "no such path");
        }
    }

    private void upload(HttpExchange exchange, String method, String path, String query, byte[] body)
            throws IOException {
        String repository = path.substring(0, path.indexOf("/blobs/uploads/"));
        if (method.equals("POST")) {
            String id = UUID.randomUUID().toString();
            uploads.put(id, new ByteArrayOutputStream());
            // A relative Location with a query of its own, as distribution sends.
            exchange.getResponseHeaders().set("Location", "/v2/" + repository + "/blobs/uploads/" + id + "?_state=x");
            send(exchange, 202, new byte[0], null);
            return;
        }
        String id = path.substring(path.lastIndexOf('/') + 1);
        ByteArrayOutputStream upload = uploads.remove(id);
        if (upload == null || !method.equals("PUT")) {
            error(exchange, 404, "BLOB_UPLOAD_UNKNOWN", "upload unknown");
            return;
        }
        upload.write(body);
        String digest = query.substring(query.indexOf("digest=") + "digest=".length());
        if (!Digest.sha256Of(upload.toByteArray()).toString().equals(digest)) {
            error(exchange, 400, "DIGEST_INVALID", "provided digest did not match uploaded content");
            return;
        }
        blobs.put(digest, upload.toByteArray());
        send(exchange, 201, new byte[0], null);
    }

    /** Announces the whole blob, sends half, and holds the connection until the client gives up. */
    private static void stall(HttpExchange exchange, byte[] blob) throws IOException {
        exchange.sendResponseHeaders(200, blob.length);
        OutputStream out = exchange.getResponseBody();
        out.write(blob, 0, blob.length / 2);
        out.flush();
        try {
            Thread.sleep(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] body = ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        send(exchange, status, body, "application/json");
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String type) throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().set("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }


    @Override
    public void close() {
        server.stop(0);
    }
}
