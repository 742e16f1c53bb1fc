package dev.berth.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/events} reaches the scheduler with the caller's tenant, whatever the client names, and its stream
 * passes through event by event: the first event arrives while the scheduler still holds the second back.
 */
class EventsRouteIT {
    private static Upstream upstream;
    private static HttpServer scheduler;
    private static final List<String> queries = new CopyOnWriteArrayList<>();
    private static final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private static final CountDownLatch secondEvent = new CountDownLatch(1);
    private static GatewayInstance gateway;
    private static String globex;

    @BeforeAll
    static void start() throws Exception {
        upstream = new Upstream();
        scheduler = streamingScheduler();
        gateway = new GatewayInstance("events", upstream, "--berth.gateway.upstreams.scheduler=http://127.0.0.1:"
                + scheduler.getAddress().getPort());
        Http http = new Http(gateway.url());
        globex = http.token(gateway.adminToken(), "globex", "ci", "\"read\"", null);
    }

    @AfterAll
    static void stop() {
        secondEvent.countDown();
        gateway.close();
        scheduler.stop(0);
        upstream.close();
    }

    @Test
    void theStreamReachesTheSchedulerWithTheCallersTenantAndFlowsEventByEvent() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(gateway.url() + "/api/v1/events?tenant=acme&type=die"))
                .header("Authorization", Http.bearer(globex)).header("Accept", "text/event-stream")
                .header("Last-Event-ID", "41").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("id:42");
            assertThat(lines.readLine()).isEqualTo("event:die");
            assertThat(lines.readLine()).startsWith("data:{\"id\":42");
            // Read before the scheduler lets the second event go: nothing is buffered on the way.
            secondEvent.countDown();
            assertThat(lines.readLine()).isEmpty();
            assertThat(lines.readLine()).isEqualTo("id:43");
        }
        assertThat(queries).hasSize(1);
        assertThat(queries.getFirst()).isEqualTo("type=die&tenant=globex");
        assertThat(lastEventIds).containsExactly("41");
    }

    @Test
    void withoutATokenNothingReachesTheScheduler() throws Exception {
        int before = queries.size();
        HttpResponse<String> anonymous = new Http(gateway.url()).get("/api/v1/events?tenant=globex", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(queries).hasSize(before);
    }

    /** A scheduler that answers {@code /api/v1/events} with an SSE stream of two events, the second held back. */
    private static HttpServer streamingScheduler() throws IOException {
        for (int port = 7899; port >= 7890; port--) {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
                server.createContext("/api/v1/events", exchange -> {
                    queries.add(exchange.getRequestURI().getRawQuery());
                    String last = exchange.getRequestHeaders().getFirst("Last-Event-ID");
                    if (last != null) {
                        lastEventIds.add(last);
                    }
                    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write(event(42).getBytes(StandardCharsets.UTF_8));
                        body.flush();
                        secondEvent.await(10, TimeUnit.SECONDS);
                        body.write(event(43).getBytes(StandardCharsets.UTF_8));
                        body.flush();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
                server.start();
                return server;
            } catch (BindException e) {
                // taken; the next one
            }
        }
        throw new IOException("no free loopback port in 7890-7899 for the stand-in scheduler");
    }

    private static String event(long id) {
        return "id:" + id + "\nevent:die\ndata:{\"id\":" + id + ",\"type\":\"die\",\"tenant\":\"globex\"}\n\n";
    }
}
