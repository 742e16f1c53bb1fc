package dev.berth.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.internalauth.InternalToken;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node given several scheduler replicas: it keeps to one while it answers, and moves to the next when it does not
 * (no connection, or a 5xx), so that losing the replica it talked to costs one failed call.
 */
class SchedulerClientTest {
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    /** A scheduler replica that answers heartbeats with {@code status}, recording each call as NAME PATH. */
    private URI replica(String name, int status) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/internal/v1/nodes", exchange -> answer(exchange, name, status));
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange, String name, int status) throws IOException {
        calls.add(name + " " + exchange.getRequestURI().getPath());
        exchange.getRequestBody().readAllBytes();
        byte[] body = (status == 200 ? "{\"node\":\"n1\",\"revision\":3,\"unknown\":[9]}" : "{\"title\":\"down\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    @Test
    void aReplicaThatDoesNotAnswerIsLeftForTheNext() throws IOException {
        URI gone = closedPort();
        URI b = replica("b", 200);
        SchedulerClient client = new SchedulerClient(List.of(gone, b), Duration.ofSeconds(2));
        assertThat(client.base()).isEqualTo(gone);

        assertThatThrownBy(() -> client.heartbeat("n1", List.of(), List.of()))
                .isInstanceOf(SchedulerUnreachableException.class).hasMessageContaining(gone.getAuthority());
        assertThat(client.base()).isEqualTo(b);
        SchedulerClient.Ack ack = client.heartbeat("n1", List.of(), List.of());
        assertThat(ack).isNotNull();
        assertThat(ack.revision()).isEqualTo(3);
        assertThat(ack.unknown()).containsExactly(9L);
        // It stays with the replica that answers.
        client.heartbeat("n1", List.of(), List.of());
        assertThat(calls).containsExactly("b /internal/v1/nodes/n1/heartbeat", "b /internal/v1/nodes/n1/heartbeat");
    }

    @Test
    void aServerErrorMovesOnAndTheListWrapsAround() throws IOException {
        URI a = replica("a", 503);
        URI b = replica("b", 503);
        SchedulerClient client = new SchedulerClient(List.of(a, b), Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.heartbeat("n1", List.of(), List.of()))
                .hasMessageContaining("503").hasMessageContaining(a.getAuthority());
        assertThatThrownBy(() -> client.heartbeat("n1", List.of(), List.of()))
                .hasMessageContaining("503").hasMessageContaining(b.getAuthority());
        assertThat(client.base()).isEqualTo(a);
        assertThat(calls).containsExactly("a /internal/v1/nodes/n1/heartbeat", "b /internal/v1/nodes/n1/heartbeat");
    }

    @Test
    void aClientErrorIsTheAnswerAndDoesNotMoveOn() throws IOException {
        URI a = replica("a", 404);
        URI b = replica("b", 200);
        SchedulerClient client = new SchedulerClient(List.of(a, b), Duration.ofSeconds(2));

        // 404: the scheduler does not know the node, which every replica would say alike.
        assertThat(client.heartbeat("n1", List.of(), List.of())).isNull();
        assertThat(client.base()).isEqualTo(a);
    }

    @Test
    void aWatchThatCannotConnectMovesOnToo() throws IOException {
        URI gone = closedPort();
        URI b = replica("b", 200);
        SchedulerClient client = new SchedulerClient(List.of(gone, b), Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.watch("n1", 0)).isInstanceOf(SchedulerUnreachableException.class);
        assertThat(client.base()).isEqualTo(b);
    }

    /**
     * A scheduler that requires the internal token: 401 without it, as the real one answers; with it, a registration,
     * a heartbeat's ack and a watch's snapshot.
     */
    private URI guardedReplica(InternalToken token) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/internal/v1/nodes", exchange -> {
            String path = exchange.getRequestURI().getPath();
            calls.add(path + " " + exchange.getRequestHeaders().getFirst(InternalToken.HEADER));
            exchange.getRequestBody().readAllBytes();
            int status = token.matches(exchange.getRequestHeaders().getFirst(InternalToken.HEADER)) ? 200 : 401;
            String body = status == 401 ? "{\"title\":\"Unauthorized\",\"status\":401}"
                    : path.endsWith("/heartbeat") ? "{\"node\":\"n1\",\"revision\":4,\"unknown\":[]}"
                    : path.endsWith("/assignments") ? "{\"type\":\"snapshot\",\"revision\":4,\"assignments\":[]}\n"
                    : "{\"id\":\"n1\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static ClusterSettings node(URI scheduler) {
        return new ClusterSettings(List.of(scheduler), "n1", "10.0.0.7:7700", Map.of(), Duration.ofSeconds(3),
                new ClusterSettings.Capacity("2", "4294967296", 1000, 8000, 9000), Duration.ofSeconds(1),
                Duration.ofMinutes(1));
    }

    @Test
    void withTheInternalTokenANodeRegistersHeartbeatsAndWatches() throws IOException {
        InternalToken token = InternalToken.of("k".repeat(43));
        URI scheduler = guardedReplica(token);
        SchedulerClient client = new SchedulerClient(List.of(scheduler), Duration.ofSeconds(2), token);

        client.register(node(scheduler));
        SchedulerClient.Ack ack = client.heartbeat("n1", List.of(), List.of());
        try (SchedulerClient.Stream stream = client.watch("n1", 0)) {
            assertThat(stream.next()).startsWith("{\"type\":\"snapshot\",\"revision\":4");
        }

        assertThat(ack).isNotNull();
        assertThat(ack.revision()).isEqualTo(4);
        assertThat(calls).containsExactly("/internal/v1/nodes " + token.value(),
                "/internal/v1/nodes/n1/heartbeat " + token.value(), "/internal/v1/nodes/n1/assignments " + token.value());
    }

    @Test
    void withoutItTheSchedulersRefusalIsTheError() throws IOException {
        URI scheduler = guardedReplica(InternalToken.of("k".repeat(43)));
        SchedulerClient client = new SchedulerClient(List.of(scheduler), Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.register(node(scheduler))).isInstanceOf(SchedulerUnreachableException.class)
                .hasMessageContaining("401");
        assertThatThrownBy(() -> client.heartbeat("n1", List.of(), List.of())).hasMessageContaining("401");
        assertThatThrownBy(() -> client.watch("n1", 0)).hasMessageContaining("401");
        assertThat(calls).containsExactly("/internal/v1/nodes null", "/internal/v1/nodes/n1/heartbeat null",
                "/internal/v1/nodes/n1/assignments null");
    }
}
