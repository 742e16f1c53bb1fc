package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Container output shipped by a node agent to log-service and read back with {@code berth logs}, end to end: a real
 * agent, a real log-service and the PostgreSQL that deploy/test.sh runs, each of which is killed or stopped in the
 * middle of a flood while the test checks that every line arrives exactly once.
 */
class ShippedLogsIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration SHIPPED_TIMEOUT = Duration.ofSeconds(120);
    /** Half of the 50 MB flood: lines of 40 digits and a newline, numbered from 1. */
    private static final int HALF_FLOOD_LINES = 610_000;

    private static ServiceProcess logService;
    private static NodeUnderTest node;
    private static Cli berth;
    private static ContainerNames names;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startLogServiceAndAnAgentThatShipsToIt() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(SourceTree.root().resolve("cli/target/it")),
                "shipped-");
        logService = ServiceProcess.logService(Path.of(System.getProperty("java.home"), "bin/java"),
                work.resolve("log-service"));
        node = NodeUnderTest.startOwn("shipping-", List.of("--berth.agent.network.default-bridge=berthshipcli0",
                "--berth.agent.network.default-subnet=10.55.0.0/16", "--berth.agent.network.pool=10.56.0.0/16",
                "--berth.agent.network.table=berth_shipcli", NodeAgent.SHIP_LOGS_TO + logService.url(),
                "--berth.agent.logs.node=it-node"));
        berth = node.cli();
        names = new ContainerNames(berth);
    }

    @AfterAll
    static void stop() throws Exception {
        if (names != null) {
            names.close();
        }
        if (node != null) {
            node.agent().close();
        }
        if (logService != null) {
            logService.close();
        }
    }

    @Test
    void interleavedStdoutAndStderrComeBackInOrderOnTheirStreams() throws Exception {
        String name = names.next("mixed");
        berth.run("run", "--name", name, "busybox", "sh", "-c",
                "echo out-1; sleep 0.05; echo err-1 >&2; sleep 0.05; echo out-2; sleep 0.05; echo err-2 >&2")
                .requireSuccess();

        CliResult logs = berth.run("logs", name);

        assertThat(logs.exitCode()).as(logs::toString).isZero();
        assertThat(logs.out()).isEqualTo("out-1\nout-2\n");
        assertThat(logs.err()).isEqualTo("err-1\nerr-2\n");
        List<String> ordered = new ArrayList<>();
        for (String line : api("tenant=default&container=" + id(name), "application/x-ndjson").split("\n")) {
            JsonNode record = JSON.readTree(line);
            ordered.add(record.get("stream").asString() + ":" + record.get("line").asString());
        }
        assertThat(ordered).containsExactly("stdout:out-1", "stderr:err-1", "stdout:out-2", "stderr:err-2");
    }

    @Test
    void aLineOf200KiBComesBackWhole() {
        String name = names.next("long");
        berth.run("run", "--name", name, "busybox", "sh", "-c", "head -c 204800 /dev/zero | tr '\\0' x; echo")
                .requireSuccess();

        CliResult logs = berth.run("logs", name);

        assertThat(logs.exitCode()).as(logs::toString).isZero();
        assertThat(logs.out()).hasSize(204801).isEqualTo("x".repeat(204800) + "\n");
    }

    @Test
    void killingLogServiceDuringAFloodLosesAndRepeatsNothing() throws Exception {
        String name = names.next("flood-kill");
        String id = startFlood(name);
        awaitShippingStarted(name);
        logService.kill();
        Thread.sleep(2000);
        logService.start();

        awaitShipped(name);
        assertEveryLineOnce(id, 2 * HALF_FLOOD_LINES);
    }

    @Test
    void stoppingPostgresqlForTenSecondsDuringAFloodLosesNothing() throws Exception {
        String name = names.next("flood-db");
        String id = startFlood(name);
        awaitShippingStarted(name);
        Postgres.stop();
        try {
            Thread.sleep(10_000);
        } finally {
            Postgres.start();
        }

        awaitShipped(name);
        assertEveryLineOnce(id, 2 * HALF_FLOOD_LINES);
    }

    @Test
    void aFollowerSeesLinesWithinASecondAndOutlivesARestartOfLogService() throws Exception {
        String name = names.next("follow");
        berth.run("run", "-d", "--name", name, "busybox", "sh", "-c",
                "i=0; while [ $i -lt 60 ]; do i=$((i+1)); echo line-$i; sleep 0.1; done; sleep 1000")
                .requireSuccess();
        try (RunningCli follow = berth.start("logs", "-f", "--timestamps", name)) {
            follow.awaitStdout("line-3\n", Duration.ofSeconds(20));
            // Each new line is on the follower's stdout within a second of when the container wrote it.
            List<Long> delays = new ArrayList<>();
            int seen = lines(follow.stdout()).size();
            while (delays.size() < 8) {
                List<String> lines = lines(follow.stdout());
                for (String line : lines.subList(seen, lines.size())) {
                    Instant written = Instant.parse(line.substring(0, line.indexOf(' ')));
                    delays.add(Duration.between(written, Instant.now()).toMillis());
                }
                seen = lines.size();
                Thread.sleep(10);
            }
            assertThat(delays).as("ms from write to the follower's output").allSatisfy(
                    delay -> assertThat(delay).isLessThan(1000));

            logService.kill();
            Thread.sleep(1500);
            logService.start();
            follow.awaitStdout("line-60\n", Duration.ofSeconds(30));
            Thread.sleep(500);

            List<String> shown = lines(follow.stdout()).stream().map(line -> line.substring(line.indexOf(' ') + 1))
                    .toList();
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 60; i++) {
                expected.add("line-" + i);
            }
            assertThat(shown).as("no gap and no duplicate across the restart").isEqualTo(expected);
            assertThat(follow.isRunning()).as("-f follows until interrupted").isTrue();
        }
    }

    @Test
    void anAppsContainersAreReadTogetherAndFilteredByGrep() {
        String one = names.next("shop");
        String two = names.next("shop");
        berth.run("run", "--name", one, "-l", "berth.app=shop", "busybox", "sh", "-c", "echo one says hello; echo noise")
                .requireSuccess();
        berth.run("run", "--name", two, "-l", "berth.app=shop", "busybox", "sh", "-c", "echo two says hello; echo noise")
                .requireSuccess();
        awaitShipped(one);
        awaitShipped(two);

        CliResult logs = berth.run("logs", "--app", "shop", "--grep", "hello");

        assertThat(logs.exitCode()).as(logs::toString).isZero();
        assertThat(logs.outLines()).containsExactly("one says hello", "two says hello");
    }

    @Test
    void aRemovedContainersOutputIsStillThereUnderItsId() throws Exception {
        String id = berth.run("run", "-d", "--rm", "busybox", "sh", "-c", "sleep 0.3; echo kept after rm")
                .requireSuccess().out().strip();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        CliResult logs;
        do {
            Thread.sleep(200);
            logs = berth.run("logs", id);
        } while (!logs.out().equals("kept after rm\n") && System.nanoTime() < deadline);

        assertThat(berth.run("inspect", id).exitCode()).as("removed").isNotZero();
        assertThat(logs.out()).as(logs::toString).isEqualTo("kept after rm\n");
    }

    @Test
    void anotherTenantsContainerIsAnsweredLikeAnUnknownOne() throws Exception {
        String name = names.next("tenant");
        berth.run("run", "--name", name, "-l", "berth.tenant=acme", "busybox", "echo", "acme's secret")
                .requireSuccess();
        awaitShipped(name);
        String id = id(name);

        assertThat(api("tenant=acme&container=" + id, "text/plain")).isEqualTo("acme's secret\n");
        HttpResponse<String> other = get("tenant=default&container=" + id, "text/plain");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).doesNotContain("secret");
        assertThat(berth.run("logs", name).out()).as("the CLI reads a container under its own tenant")
                .isEqualTo("acme's secret\n");
    }

    @Test
    void badQueriesAreRefusedWithWhatWasWrong() {
        String name = names.next("bad");
        berth.run("run", "--name", name, "busybox", "echo", "fine").requireSuccess();

        CliResult since = berth.run("logs", "--since", "yesterday-ish", name);
        assertThat(since.exitCode()).isNotZero();
        assertThat(since.err()).contains("since").contains("yesterday-ish");

        CliResult tail = berth.run("logs", "--tail", "999999999", name);
        assertThat(tail.exitCode()).isNotZero();
        assertThat(tail.err()).contains("tail");

        CliResult grep = berth.run("logs", "--grep", "(unclosed", name);
        assertThat(grep.exitCode()).isNotZero();
        assertThat(grep.err()).contains("grep");

        CliResult unknown = berth.run("logs", "0".repeat(64));
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("0".repeat(64));

        CliResult both = berth.run("logs", "--app", "shop", name);
        assertThat(both.exitCode()).isNotZero();
        assertThat(both.err()).contains("not both");
    }

    /** A container that writes 25 MB, pauses two seconds, and writes 25 MB more; its full id. */
    private static String startFlood(String name) {
        String half = "awk -v from=%d 'BEGIN{for(i=from;i<from+%d;i++) printf \"%%040d\\n\", i}'";
        String script = String.format(half, 1, HALF_FLOOD_LINES) + "; sleep 2; "
                + String.format(half, HALF_FLOOD_LINES + 1, HALF_FLOOD_LINES) + "; sleep 1000";
        return berth.run("run", "-d", "--name", name, "busybox", "sh", "-c", script).requireSuccess().out().strip();
    }

    /** Reads the container's whole stdout back from log-service and checks it is lines 1 to {@code count}. */
    private static void assertEveryLineOnce(String id, int count) throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(
                        logService.url() + "/api/v1/logs?tenant=default&container=" + id)).header("Accept", "text/plain")
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long expected = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.US_ASCII), 1 << 20)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                long number = Long.parseLong(line);
                if (number != expected + 1) {
                    throw new AssertionError("after line " + expected + " came line " + number);
                }
                expected = number;
            }
        }
        assertThat(expected).as("lines read back").isEqualTo(count);
    }

    private static JsonNode shipping(String name) {
        return berth.inspect(name).path("logShipping");
    }

    private static void awaitShippingStarted(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (shipping(name).path("stdout").path("shipped").asLong() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing of " + name + " was shipped: " + shipping(name));
            }
            Thread.sleep(20);
        }
    }

    /** Waits until all the container has written so far is in log-service. */
    private static void awaitShipped(String name) {
        long deadline = System.nanoTime() + SHIPPED_TIMEOUT.toNanos();
        while (true) {
            JsonNode shipping = shipping(name);
            boolean all = shipping.size() > 0;
            for (JsonNode stream : shipping) {
                all &= stream.path("shipped").asLong() == stream.path("written").asLong();
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " was not all shipped within " + SHIPPED_TIMEOUT + ": " + shipping);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String id(String name) {
        return berth.inspect(name).path("id").asString();
    }

    private static List<String> lines(String text) {
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }

    private static HttpResponse<String> get(String query, String accept) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(logService.url() + "/api/v1/logs?" + query))
                .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String api(String query, String accept) throws IOException, InterruptedException {
        HttpResponse<String> response = get(query, accept);
        assertThat(response.statusCode()).as(response::body).isEqualTo(200);
        return response.body();
    }
}
