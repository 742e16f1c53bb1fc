package dev.berth.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The member against a scheduler of the test's own on loopback: it registers (again after a 404), heartbeats the
 * replicas' states, and reopens the watch after the last revision it processed, when the stream ends and when the
 * heartbeats show it has fallen behind.
 */
class ClusterMemberTest {
    HttpServer server;
    final List<String> registrations = new CopyOnWriteArrayList<>();
    final List<String> heartbeats = new CopyOnWriteArrayList<>();
    final List<String> watches = new CopyOnWriteArrayList<>();
    final AtomicInteger notFound = new AtomicInteger(1);
    final AtomicLong newest = new AtomicLong(6);
    /** Lines the third and later streams send; they stay open until told to end. */
    final BlockingQueue<String> feed = new LinkedBlockingQueue<>();
    final CountDownLatch release = new CountDownLatch(1);
    ClusterMember member;
    Convergence convergence;

    @BeforeEach
    void startScheduler() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/internal/v1/nodes", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (member != null) {
            member.close();
        }
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (path.equals("/internal/v1/nodes")) {
            registrations.add(body);
            respond(exchange, 200, "{\"id\":\"n1\"}");
        } else if (path.endsWith("/heartbeat")) {
            heartbeats.add(body);
            if (notFound.getAndDecrement() > 0) {
                respond(exchange, 404, "{\"title\":\"not found\"}");
            } else {
                respond(exchange, 200, "{\"node\":\"n1\",\"state\":\"up\",\"draining\":false,\"revision\":"
                        + newest.get() + ",\"unknown\":[]}");
            }
        } else {
            String query = exchange.getRequestURI().getQuery();
            watches.add(query);
            exchange.getResponseHeaders().add("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                if (watches.size() == 1) {
                    out.write((snapshot(5) + "\n{\"type\":\"put\",\"revision\":6,\"assignment\":{}}\n" + put(6) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                    return; // the stream ends: the agent resumes after 6
                }
                if (watches.size() == 2) {
                    out.write("{\"type\":\"remove\",\"revision\":7,\"replica\":1}\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                // Open, and fed nothing more: a stream that fell behind.
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException | IOException e) {
                // the agent went away
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String snapshot(long revision) {
        return "{\"type\":\"snapshot\",\"revision\":" + revision + ",\"assignments\":[" + assignment(1) + "]}";
    }

    private static String put(long revision) {
        return "{\"type\":\"put\",\"revision\":" + revision + ",\"replica\":2,\"assignment\":" + assignment(2) + "}";
    }

    private static String assignment(long replica) {
        return "{\"replica\":" + replica + ",\"tenant\":\"acme\",\"app\":\"shop\",\"service\":\"web\",\"slot\":"
                + replica + ",\"specVersion\":1,\"name\":\"acme.shop.web." + replica + "\",\"desired\":\"running\","
                + "\"spec\":{\"image\":\"busybox\",\"command\":[\"sleep\",\"60\"]}}";
    }

    /** Starts node n1's member against this scheduler, its convergence on a fake node; returns its meters. */
    private SimpleMeterRegistry startMember(Map<String, String> labels, Duration heartbeat, Duration watchIdle) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FakeContainers node = new FakeContainers(Clock.systemUTC());
        convergence = new Convergence(node, Runnable::run, Clock.systemUTC(), Duration.ofSeconds(1), meters);
        ClusterSettings settings = new ClusterSettings(List.of(URI.create("http://127.0.0.1:"
                + server.getAddress().getPort())), "n1", "10.0.0.7:7700", labels, heartbeat,
                new ClusterSettings.Capacity("2", "4294967296", 1000, 8000, 9000), Duration.ofSeconds(1), watchIdle);
        // A 1 s client timeout: the streams held open longer than that must not be cut by it.
        member = new ClusterMember(settings, new SchedulerClient(settings.schedulers(), Duration.ofSeconds(1)),
                convergence, Clock.systemUTC(), meters);
        member.start();
        return meters;
    }

    @Test
    void registersHeartbeatsAndResumesTheWatchAfterTheLastRevision() throws Exception {
        SimpleMeterRegistry meters = startMember(Map.of("zone", "a"), Duration.ofMillis(50), Duration.ofMinutes(1));

        await("the stream resumed after revision 6", () -> watches.size() >= 2);
        assertThat(watches.getFirst()).isEqualTo("watch=true");
        assertThat(watches.get(1)).isEqualTo("watch=true&revision=6");
        await("the remove of revision 7 applied", () -> convergence.revision() == 7);
        assertThat(convergence.report()).extracting(Convergence.Report::replica).containsExactly(2L);

        // A 404 to the first heartbeat: registered again.
        assertThat(registrations).hasSizeGreaterThanOrEqualTo(2);
        assertThat(registrations.getFirst()).isEqualTo("{\"id\":\"n1\",\"address\":\"10.0.0.7:7700\",\"labels\":"
                + "{\"zone\":\"a\"},\"capacity\":{\"cpu\":\"2\",\"memory\":\"4294967296\",\"pids\":1000,"
                + "\"ports\":{\"min\":8000,\"max\":9000}}}");
        await("a heartbeat reporting replica 2", () -> heartbeats.getLast().contains("\"replica\":2,"
                + "\"state\":\"starting\""));
        assertThat(heartbeats.getLast()).contains("\"images\":[\"busybox\"]");

        Thread.sleep(2000);
        assertThat(watches).as("the open stream outlives the client's timeout").hasSize(2);

        // The scheduler has revision 9 for the node; the open stream never brings it: after three beats, reopened.
        newest.set(9);
        await("the stream reopened after falling behind", () -> watches.size() >= 3);
        assertThat(watches.get(2)).isEqualTo("watch=true&revision=7");
        await("counted", () -> meters.find("berth.cluster.watch.reconnects").tag("reason", "behind").counter()
                != null);
        assertThat(meters.get("berth.cluster.heartbeats").tag("result", "unregistered").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("berth.cluster.watch.rejected").counter().count())
                .as("the unreadable put was skipped, not retried").isEqualTo(1);
    }

    @Test
    void aReplicasChangeIsReportedAtOnceNotAtTheNextBeat() throws Exception {
        SimpleMeterRegistry meters = startMember(Map.of(), Duration.ofMinutes(1), Duration.ofMinutes(5));
        await("the assignments of revision 7 applied", () -> convergence.revision() == 7);
        await("a heartbeat reporting replica 2 as starting", () -> heartbeats.stream().anyMatch(h -> h.contains(
                "\"replica\":2,\"state\":\"starting\"")));

        // Its container is made and runs: with a one-minute heartbeat, the change is reported within a second.
        convergence.pass();
        await("a heartbeat reporting replica 2 running", () -> heartbeats.getLast().contains(
                "\"replica\":2,\"state\":\"running\""));
        assertThat(meters.get("berth.cluster.heartbeats.early").counter().count()).isGreaterThanOrEqualTo(1);
        int sent = heartbeats.size();
        Thread.sleep(500);
        assertThat(heartbeats).as("nothing changed since: no more heartbeats").hasSize(sent);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
