package dev.berth.cli.http;

import dev.berth.cli.CliException;
import dev.berth.internalauth.InternalToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * HTTP/1.1 to the node agent (or another of Berth's services, such as log-service, or the api-gateway in front of
 * them). It sends JSON, reads JSON, hands out streaming bodies, and turns every failure into a {@link CliException}:
 * an error answer into {@link AgentErrorException} with the agent's problem detail (a {@link GatewayRefusalException}
 * when the gateway turned it away), a refused connection into {@link AgentUnreachableException}.
 */
public final class AgentClient implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final String JSON = "application/json";
    private static final String MULTIPLEXED_STREAM = "application/vnd.berth.multiplexed-stream";
    /** Where the internal token is read from, when not from {@link InternalToken#DEFAULT_FILE}. */
    public static final String INTERNAL_TOKEN_VARIABLE = "BERTH_INTERNAL_TOKEN_FILE";

    private final AgentAddress address;
    private final @Nullable String token;
    private final @Nullable InternalToken internalToken;
    private final String service;
    private final HttpClient http;

    public AgentClient(AgentAddress address) {
        this(new Endpoint(address, null), "the node agent");
    }

    /** @param service what the messages call the other end, such as {@code log-service} */
    public AgentClient(AgentAddress address, String service) {
        this(new Endpoint(address, null), service);
    }

    /** A client whose every request carries the endpoint's token, if it has one, as {@code Authorization: Bearer}. */
    public AgentClient(Endpoint endpoint, String service) {
        this.address = endpoint.address();
        this.token = endpoint.token();
        this.internalToken = token == null ? internalToken(address) : null;
        this.service = service;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT);
        if (address.uri().getScheme().equals("http")) {
            withoutTls(builder);
        }
        this.http = builder.build();
    }

    /**
     * Straight to a service on this host, without an API token: the installation's internal token, if this user may
     * read its file (root, as for docker.sock), so that services that require it answer. Never sent off this host;
     * with an API token the requests go to the gateway, which adds the token itself.
     */
    private static @Nullable InternalToken internalToken(AgentAddress address) {
        String host = address.uri().getHost();
        if (!host.equals("localhost") && !host.startsWith("127.") && !host.equals("[::1]")) {
            return null;
        }
        String file = System.getenv(INTERNAL_TOKEN_VARIABLE);
        return InternalToken.readIfReadable(file == null || file.isBlank() ? InternalToken.DEFAULT_FILE
                : Path.of(file));
    }

    /**
     * Unless given a TLS context and parameters, HttpClient builds the default ones when it is created, loading the
     * security providers and the trust store: about 150 ms, most of the CLI's start-up. Plain http never uses them,
     * so it gets an empty context that nothing calls.
     */
    private static void withoutTls(HttpClient.Builder builder) {
        builder.sslContext(new SSLContext(null, null, "none") {
        }).sslParameters(new SSLParameters());
    }

    public AgentAddress address() {
        return address;
    }

    /** Whether the requests carry a token, that is, go to the api-gateway. */
    public boolean sendsToken() {
        return token != null;
    }

    public <T> T get(ApiPath path, Class<T> type) {
        return read(send(request(path, JSON).GET()), type);
    }

    public JsonNode getTree(ApiPath path) {
        return readTree(send(request(path, JSON).GET()));
    }

    /** A POST without a body, for actions answered with 204. */
    public void post(ApiPath path) {
        send(request(path, JSON).POST(BodyPublishers.noBody()));
    }

    /** A POST without a body, answered with JSON. */
    public <T> T post(ApiPath path, Class<T> type) {
        return read(send(request(path, JSON).POST(BodyPublishers.noBody())), type);
    }

    public <T> T post(ApiPath path, Object body, Class<T> type) {
        return withJson("POST", path, body, type);
    }

    public <T> T put(ApiPath path, Object body, Class<T> type) {
        return withJson("PUT", path, body, type);
    }

    /** A request whose body is {@code body} as JSON, answered with JSON. */
    private <T> T withJson(String method, ApiPath path, Object body, Class<T> type) {
        byte[] json = Json.mapper().writeValueAsBytes(body);
        return read(send(request(path, JSON).header("Content-Type", JSON)
                .method(method, BodyPublishers.ofByteArray(json))), type);
    }

    /** A POST whose body is streamed from {@code body} as it is sent, never held whole in memory. */
    public <T> T upload(ApiPath path, BodyPublisher body, String contentType, Class<T> type) {
        return read(send(request(path, JSON).header("Content-Type", contentType).POST(body)), type);
    }

    public void delete(ApiPath path) {
        send(request(path, JSON).DELETE());
    }

    public <T> T delete(ApiPath path, Class<T> type) {
        return read(send(request(path, JSON).DELETE()), type);
    }

    /** A GET whose body is read as it arrives, such as a log stream. The caller closes it. */
    public InputStream stream(ApiPath path) {
        return join(streamAsync(path));
    }

    /** A GET of a binary body of the given type, such as an image archive, read as it arrives. The caller closes it. */
    public InputStream stream(ApiPath path, String accept) {
        return join(streamAsync(path, accept));
    }

    /** Like {@link #stream}, without waiting: the future completes once the agent has answered with headers. */
    public CompletableFuture<InputStream> streamAsync(ApiPath path) {
        return streamAsync(path, MULTIPLEXED_STREAM);
    }

    /**
     * A POST whose answer is a stream read as it arrives, such as a pull's progress. A refusal before the stream
     * begins throws, as any call does. The caller closes it.
     */
    public InputStream postStream(ApiPath path, String accept) {
        return postStream(path, accept, Map.of());
    }

    /** {@link #postStream(ApiPath, String)} with {@code headers} besides. */
    public InputStream postStream(ApiPath path, String accept, Map<String, String> headers) {
        HttpRequest.Builder request = request(path, accept);
        headers.forEach(request::header);
        return join(streamAsync(request.POST(BodyPublishers.noBody()).build()));
    }

    /**
     * The credentials a push to or pull from {@code registry} ({@code host[:port]}) goes with: the API token, when
     * that registry is the api-gateway this client talks to (its {@code /v2/} takes the token as a password, as
     * {@code docker login} does); none for any other registry, which never sees the token.
     */
    public @Nullable RegistryAuth registryAuth(String registry) {
        if (token == null) {
            return null;
        }
        URI uri = address.uri();
        int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
        String host = uri.getHost();
        boolean gateway = registry.equalsIgnoreCase(host + ":" + port)
                || registry.equalsIgnoreCase(host) && port == (uri.getScheme().equals("https") ? 443 : 80);
        return gateway ? new RegistryAuth("berth", token) : null;
    }

    /** A user name and password for a registry, as the agent's {@code X-Registry-Auth} header carries them. */
    public record RegistryAuth(String username, String password) {
        public static final String HEADER = "X-Registry-Auth";

        public String header() {
            byte[] json = Json.mapper().writeValueAsBytes(Map.of("username", username, "password", password));
            return Base64.getUrlEncoder().encodeToString(json);
        }

        @Override
        public String toString() {
            return "RegistryAuth[" + username + ", password hidden]";
        }
    }

    private CompletableFuture<InputStream> streamAsync(ApiPath path, String accept) {
        return streamAsync(request(path, accept).GET().build());
    }

    private CompletableFuture<InputStream> streamAsync(HttpRequest request) {
        // The handler sees the status before the body: a stream for a success, the problem detail for an error.
        HttpResponse.BodyHandler<InputStream> handler = info -> isSuccess(info.statusCode())
                ? BodySubscribers.ofInputStream()
                : BodySubscribers.mapping(BodySubscribers.ofByteArray(), body -> {
                    throw error(info.statusCode(), body, info.headers());
                });
        return http.sendAsync(request, handler)
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw translate(failure);
                    }
                    return response.body();
                });
    }

    /** A POST that may be answered much later, such as {@code wait}. */
    public <T> PendingCall<T> postAsync(ApiPath path, Class<T> type) {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        HttpRequest request = request(path, JSON).POST(BodyPublishers.noBody()).build();
        HttpResponse.BodyHandler<byte[]> handler = info -> {
            answered.complete(null);
            return BodySubscribers.ofByteArray();
        };
        CompletableFuture<T> result = http.sendAsync(request, handler)
                .handle((response, failure) -> {
                    if (failure != null) {
                        RuntimeException error = translate(failure);
                        answered.completeExceptionally(error);
                        throw error;
                    }
                    checkStatus(response);
                    return read(response.body(), type);
                });
        return new PendingCall<>(answered, result);
    }

    /**
     * Opens the attach WebSocket at {@code path} (docs/api.md of the node agent). A refusal after the upgrade comes as a
     * close status 4000 + the HTTP status, to {@code listener}.
     */
    public java.net.http.WebSocket webSocket(ApiPath path, java.net.http.WebSocket.Listener listener) {
        URI uri = URI.create(address.toString().replaceFirst("^http", "ws") + path.target());
        java.net.http.WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT)
                .header("User-Agent", "berth-cli");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        } else if (internalToken != null) {
            builder.header(InternalToken.HEADER, internalToken.value());
        }
        return join(builder.buildAsync(uri, listener));
    }

    /** Drops open connections and stops the client's threads, so that an in-process run leaves nothing behind. */
    @Override
    public void close() {
        http.shutdownNow();
    }

    private HttpRequest.Builder request(ApiPath path, String accept) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(address + path.target()))
                .header("Accept", accept)
                .header("User-Agent", "berth-cli");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return InternalToken.present(internalToken, builder);
    }

    private byte[] send(HttpRequest.Builder builder) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(builder.build(), BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw translate(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting for " + service);
        }
        checkStatus(response);
        return response.body();
    }

    private void checkStatus(HttpResponse<byte[]> response) {
        if (!isSuccess(response.statusCode())) {
            throw error(response.statusCode(), response.body(), response.headers());
        }
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    private AgentErrorException error(int status, byte @Nullable [] body, HttpHeaders headers) {
        Problem problem = null;
        if (body != null && body.length > 0) {
            try {
                problem = Json.mapper().readValue(body, Problem.class);
            } catch (JacksonException e) {
                // Not a problem detail (a proxy's HTML page, say): show the text as it came.
                String text = new String(body, StandardCharsets.UTF_8).strip();
                problem = Problem.ofStatus(status, text.length() > 200 ? text.substring(0, 200) + "…" : text);
            }
        }
        Problem answered = problem != null ? problem : Problem.ofStatus(status, null);
        GatewayRefusalException refusal = GatewayRefusalException.of(status, answered, token != null,
                headers.firstValue("Retry-After").orElse(null));
        return refusal != null ? refusal : new AgentErrorException(status, answered);
    }

    private <T> T read(byte[] body, Class<T> type) {
        try {
            return Json.mapper().readValue(body, type);
        } catch (JacksonException e) {
            throw new CliException(service + " sent an answer that is not the expected JSON: "
                    + e.getOriginalMessage());
        }
    }

    private JsonNode readTree(byte[] body) {
        try {
            return Json.mapper().readTree(body);
        } catch (JacksonException e) {
            throw new CliException(service + " sent an answer that is not JSON: " + e.getOriginalMessage());
        }
    }

    private <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting for " + service);
        }
    }

    /** Turns whatever an exchange failed with into the CLI's own exceptions. */
    private RuntimeException translate(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof IOException io) {
            String reason = connectFailure(io);
            return reason != null ? new AgentUnreachableException(service, address, reason, io) : lost(io);
        }
        return new CliException("the exchange with " + service + " at " + address + " failed: " + cause, cause);
    }

    private CliException lost(IOException e) {
        String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new CliException("lost the connection to " + service + " at " + address + ": " + why, e);
    }

    /** Why no connection could be made, or null if the failure came after connecting. */
    private static @Nullable String connectFailure(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            if (cause instanceof ConnectException connect) {
                String message = connect.getMessage();
                return message == null || message.toLowerCase(Locale.ROOT).contains("refused")
                        ? "connection refused"
                        : message.toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }
}
