package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth events} in-process against a fake scheduler that streams server-sent events: the lines it prints, the
 * query it sends, and how it resumes after a dropped connection.
 */
class EventsEndToEndTest {

    @TempDir
    Path home;

    private final FakeAgent scheduler = startScheduler();

    private static FakeAgent startScheduler() {
        try {
            return new FakeAgent();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        scheduler.close();
    }

    /** With the scheduler named, the CLI asks no agent: the host is never called. */
    private CliRun berth(String... args) {
        return CliRun.run(Map.of("BERTH_HOST", scheduler.url(), "BERTH_SCHEDULER", scheduler.url(),
                "BERTH_TENANT", "t3n", "HOME", home.toString()), args);
    }

    private static String event(long id, String time, String json) {
        return "id:" + id + "\nevent:x\ndata:{\"id\":" + id + ",\"time\":\"" + time + "\"," + json + "}\n\n";
    }

    private static final String DIE = "\"scope\":\"container\",\"type\":\"die\",\"name\":\"t3n.shop.web.0\","
            + "\"tenant\":\"t3n\",\"app\":\"shop\",\"service\":\"web\",\"replica\":9,\"node\":\"node-a\","
            + "\"exitCode\":137,\"oom\":true,\"version\":2,\"message\":\"exited with code 137\"";
    private static final String DEPLOY = "\"scope\":\"service\",\"type\":\"deploy\",\"name\":\"t3n.shop.web\","
            + "\"tenant\":\"t3n\",\"app\":\"shop\",\"service\":\"web\",\"version\":3,"
            + "\"message\":\"version 3: deploy web:3\"";

    @Test
    void eventsPrintOneLineEachAndResumeAfterTheLastAfterADroppedConnection() {
        AtomicInteger connections = new AtomicInteger();
        scheduler.on("GET", "/api/v1/events", (request, exchange) -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                if (connections.incrementAndGet() == 1) {
                    out.write((":keepalive\n\n" + event(41, "2026-11-29T05:10:00.123456Z", DIE)
                            + event(42, "2026-11-29T05:10:01Z", DEPLOY)).getBytes(StandardCharsets.UTF_8));
                    return; // the connection drops
                }
                out.write((event(43, "2026-11-29T05:10:02Z", DIE.replace("\"die\"", "\"start\"")
                        .replace(",\"exitCode\":137,\"oom\":true", ""))
                        + event(44, "2026-11-29T06:00:00Z", DEPLOY)).getBytes(StandardCharsets.UTF_8));
            }
        });

        CliRun run = berth("events", "--since", "40", "--app", "shop", "--until", "2026-11-29T05:30:00Z");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo("""
                2026-11-29T05:10:00Z container die t3n.shop.web.0 (app=shop, service=web, node=node-a, \
                exitCode=137, oom=true, version=2)
                2026-11-29T05:10:01Z service deploy t3n.shop.web (app=shop, service=web, version=3, \
                message=version 3: deploy web:3)
                2026-11-29T05:10:02Z container start t3n.shop.web.0 (app=shop, service=web, node=node-a, version=2)
                """);
        assertThat(scheduler.requests()).hasSize(2);
        FakeAgent.Request first = scheduler.requests().get(0);
        assertThat(first.param("tenant")).isEqualTo("t3n");
        assertThat(first.param("since")).isEqualTo("40");
        assertThat(first.param("app")).isEqualTo("shop");
        assertThat(first.param("follow")).isEqualTo("true");
        assertThat(scheduler.requests().get(1).param("since")).as("resumed after the last event printed")
                .isEqualTo("42");
    }

    @Test
    void filterAndJsonFormatAndARelativeSince() {
        scheduler.on("GET", "/api/v1/events", (request, exchange) -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write((event(7, "2026-11-27T11:59:00Z", DIE) + event(8, "2026-11-27T13:00:00Z", DIE))
                        .getBytes(StandardCharsets.UTF_8));
            }
        });

        CliRun run = berth("events", "--since", "10m", "--filter", "type=die", "--format", "json", "--until",
                "2026-11-27T12:30:00Z");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out.lines().toList()).hasSize(1);
        assertThat(run.out).startsWith("{\"id\":7,").contains("\"exitCode\":137", "\"oom\":true");
        FakeAgent.Request request = scheduler.requests().getFirst();
        assertThat(request.param("type")).isEqualTo("die");
        assertThat(request.param("since")).isEqualTo("2026-11-27T11:50:00Z"); // the test clock's now less 10 minutes
    }

    @Test
    void withATokenTheEventsComeThroughTheGatewayWithIt() {
        FakeAgent gateway = scheduler; // one stand-in: here it plays the gateway
        gateway.on("GET", "/api/v1/events", (request, exchange) -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(event(9, "2026-11-29T07:00:00Z", DIE).getBytes(StandardCharsets.UTF_8));
            }
        });

        CliRun run = CliRun.run(Map.of("BERTH_HOST", gateway.url(), "BERTH_TOKEN", "berth_0123456789abcdef_secret",
                "BERTH_SCHEDULER", "http://127.0.0.1:9", "HOME", home.toString()), "events", "--until",
                "2026-11-29T06:00:00Z");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(gateway.first("GET", "/api/v1/events").authorization())
                .isEqualTo("Bearer berth_0123456789abcdef_secret");
    }

    @Test
    void theSchedulersRefusalIsOneLineAndEndsIt() {
        scheduler.on("GET", "/api/v1/events", FakeAgent.problem(400, "type must be one of [...], not 'boom'", null));

        CliRun run = berth("events", "--filter", "type=boom");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).startsWith("berth: ").contains("type must be one of");
        assertThat(berth("events", "--filter", "kind=die").err).contains("--filter takes type=TYPE");
    }
}
