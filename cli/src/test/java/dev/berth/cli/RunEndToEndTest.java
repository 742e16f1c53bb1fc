package dev.berth.cli;

import static dev.berth.cli.FakeAgent.frame;
import static dev.berth.cli.FakeAgent.json;
import static dev.berth.cli.FakeAgent.noContent;
import static dev.berth.cli.FakeAgent.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.signal.SignalTrap;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code berth run} against a fake agent: the request sequence, the output, and every way it can end. */
class RunEndToEndTest {

    private static final String ID = "4f3c2b1a" + "0".repeat(56);
    private static final String CONTAINER = "/v1/containers/" + ID;

    @TempDir
    Path home;

    private FakeAgent agent;
    private final CountDownLatch started = new CountDownLatch(1);

    @BeforeEach
    void startAgent() throws Exception {
        agent = new FakeAgent();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    private Map<String, String> env() {
        return Map.of("BERTH_HOST", agent.url(), "HOME", home.toString());
    }

    /** An agent whose container prints, and exits with {@code exitCode}, once started. */
    private void containerThatExitsWith(int exitCode) {
        agent.on("POST", "/v1/containers", json(201, "{\"id\":\"" + ID + "\",\"name\":\"x\",\"warnings\":[]}"))
                .on("POST", CONTAINER + "/wait", (request, exchange) -> {
                    // Headers first, as soon as the waiter is registered; the status once the container exits.
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody().flush();
                    started.await(10, TimeUnit.SECONDS);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write(("{\"exitCode\":" + exitCode + ",\"oomKilled\":false,\"error\":null}").getBytes());
                    }
                })
                .on("GET", CONTAINER + "/logs", (request, exchange) -> {
                    exchange.getResponseHeaders().set("Content-Type", "application/vnd.berth.multiplexed-stream");
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody().flush();
                    started.await(10, TimeUnit.SECONDS);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write(frame(1, "hi\n"));
                        body.write(frame(2, "to stderr\n"));
                    }
                })
                .on("POST", CONTAINER + "/start", (request, exchange) -> {
                    started.countDown();
                    noContent().respond(request, exchange);
                });
    }

    @Test
    void runCreatesThenListensThenStartsAndExitsWithTheContainersCode() {
        containerThatExitsWith(3);

        CliRun run = CliRun.run(env(), "run", "busybox", "echo", "hi");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
        assertThat(run.out).isEqualTo("hi\n");
        assertThat(run.err).isEqualTo("to stderr\n");
        FakeAgent.Request create = agent.first("POST", "/v1/containers");
        assertThat(tree(create.bodyText())).isEqualTo(tree("{\"image\":\"busybox\",\"cmd\":[\"echo\",\"hi\"]}"));
        assertThat(create.contentType()).startsWith("application/json");
        assertThat(create.param("start")).isNull();
        FakeAgent.Request wait = agent.first("POST", "/wait");
        assertThat(wait.param("condition")).isEqualTo("next-exit");
        FakeAgent.Request logs = agent.first("GET", "/logs");
        assertThat(logs.param("follow")).isEqualTo("true");
        int start = agent.indexOf("POST", "/start");
        assertThat(agent.indexOf("POST", "/wait")).as(agent.describe()).isBetween(0, start - 1);
        assertThat(agent.indexOf("GET", "/logs")).as(agent.describe()).isBetween(0, start - 1);
        assertThat(agent.indexOf("POST", "/v1/containers")).isZero();
    }

    @Test
    void argumentsAfterTheImageBelongToTheContainerEvenWhenTheyLookLikeFlags() {
        containerThatExitsWith(0);

        CliRun run = CliRun.run(env(), "run", "--rm", "busybox", "ls", "-l", "--", "--rm");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(tree(agent.first("POST", "/v1/containers").bodyText())).isEqualTo(tree(
                "{\"image\":\"busybox\",\"cmd\":[\"ls\",\"-l\",\"--\",\"--rm\"],\"autoRemove\":true}"));
    }

    @Test
    void everyCreateFlagReachesTheRequestAsGiven() {
        agent.on("POST", "/v1/containers", json(201, "{\"id\":\"" + ID + "\",\"warnings\":[\"no swap limit\"]}"));
        Map<String, String> env = Map.of("BERTH_HOST", agent.url(), "HOME", home.toString(), "FROM_CLIENT", "yes");

        CliRun run = CliRun.run(env, "run", "-d", "--rm", "--name=web", "-e", "A=1", "-eB=2", "-e", "FROM_CLIENT",
                "-e", "UNSET_HERE", "-w", "/srv", "-u", "1000:1000", "-h", "web-host", "-m", "64m", "--cpus", "0.5",
                "--pids-limit", "100", "--init", "--network", "none", "--entrypoint", "/bin/sh", "busybox", "-c",
                "echo hi");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo(ID + "\n");
        assertThat(run.err).isEqualTo("WARNING: no swap limit\n");
        FakeAgent.Request create = agent.first("POST", "/v1/containers");
        assertThat(create.param("start")).isEqualTo("true");
        assertThat(tree(create.bodyText())).isEqualTo(tree("""
                {"name": "web", "image": "busybox", "cmd": ["-c", "echo hi"], "entrypoint": ["/bin/sh"],
                 "env": ["A=1", "B=2", "FROM_CLIENT=yes"], "workingDir": "/srv", "user": "1000:1000",
                 "hostname": "web-host", "memory": "64m", "cpus": 0.5, "pidsLimit": 100, "init": true,
                 "network": "none", "autoRemove": true}"""));
        assertThat(agent.indexOf("POST", "/start")).isEqualTo(-1);
    }

    @Test
    void anEmptyEntrypointClearsTheImagesEntrypoint() {
        agent.on("POST", "/v1/containers", json(201, "{\"id\":\"" + ID + "\"}"));

        CliRun run = CliRun.run(env(), "create", "--entrypoint", "", "busybox");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo(ID + "\n");
        assertThat(tree(agent.first("POST", "/v1/containers").bodyText()))
                .isEqualTo(tree("{\"image\":\"busybox\",\"entrypoint\":[]}"));
    }

    @Test
    void aMissingEntrypointExitsWithTheExitCodeOfTheProblem() {
        agent.on("POST", "/v1/containers", json(201, "{\"id\":\"" + ID + "\"}"))
                .on("POST", CONTAINER + "/wait", json(200, "{\"exitCode\":127}"))
                .on("GET", CONTAINER + "/logs", (request, exchange) ->
                        FakeAgent.send(exchange, 200, "application/vnd.berth.multiplexed-stream", new byte[0]))
                .on("POST", CONTAINER + "/start",
                        problem(422, "exec: \"nope\": executable file not found in $PATH", 127));

        CliRun run = CliRun.run(env(), "run", "busybox", "nope");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(127);
        assertThat(run.err).isEqualTo(
                "berth: Error response from agent: exec: \"nope\": executable file not found in $PATH\n");
        assertThat(run.out).isEmpty();
    }

    @Test
    void aNonExecutableEntrypointExitsWith126AlsoWhenDetached() {
        agent.on("POST", "/v1/containers", problem(422, "exec: \"/etc/passwd\": permission denied", 126));

        CliRun run = CliRun.run(env(), "run", "-d", "busybox", "/etc/passwd");

        assertThat(run.exitCode).isEqualTo(126);
        assertThat(run.err).isEqualTo("berth: Error response from agent: exec: \"/etc/passwd\": permission denied\n");
    }

    @Test
    void otherAgentErrorsInRunExit125WithTheDetail() {
        agent.on("POST", "/v1/containers", problem(404, "no such image: nosuch", null));

        CliRun run = CliRun.run(env(), "run", "nosuch");

        assertThat(run.exitCode).isEqualTo(125);
        assertThat(run.err).isEqualTo("berth: Error response from agent: no such image: nosuch\n");
    }

    @Test
    void aProblemWithoutDetailFallsBackToItsTitle() {
        agent.on("POST", "/v1/containers", json(400, "{\"title\":\"Bad Request\",\"status\":400}"));

        CliRun run = CliRun.run(env(), "create", "busybox");

        assertThat(run.exitCode).isEqualTo(125);
        assertThat(run.err).isEqualTo("berth: Error response from agent: Bad Request\n");
    }

    @Test
    void anExitMissedByTheFirstWaitIsAskedForAgain() {
        // The agent registered the next-exit wait too late: it never answers. The state is still known.
        CountDownLatch never = new CountDownLatch(1);
        agent.on("POST", "/v1/containers", json(201, "{\"id\":\"" + ID + "\"}"))
                .on("POST", CONTAINER + "/wait", (request, exchange) -> {
                    if ("next-exit".equals(request.param("condition"))) {
                        never.await(30, TimeUnit.SECONDS);
                        return;
                    }
                    json(200, "{\"exitCode\":7}").respond(request, exchange);
                })
                .on("GET", CONTAINER + "/logs", (request, exchange) ->
                        FakeAgent.send(exchange, 200, "application/vnd.berth.multiplexed-stream", frame(1, "fast\n")))
                .on("POST", CONTAINER + "/start", noContent());

        CliRun run = CliRun.run(env(), "run", "busybox", "true");

        never.countDown();
        assertThat(run.exitCode).as(run.toString()).isEqualTo(7);
        assertThat(run.out).isEqualTo("fast\n");
        assertThat(agent.requests()).anySatisfy(request -> {
            assertThat(request.path()).endsWith("/wait");
            assertThat(request.param("condition")).isEqualTo("not-running");
        });
    }

    @Test
    void signalsReceivedWhileAttachedAreForwardedToTheContainer() {
        AtomicReference<Consumer<String>> trapped = new AtomicReference<>();
        AtomicReference<List<String>> trappedSignals = new AtomicReference<>();
        SignalTrap trap = (signals, handler) -> {
            trappedSignals.set(signals);
            trapped.set(handler);
            return () -> trapped.set(null);
        };
        CountDownLatch killed = new CountDownLatch(1);
        agent.on("POST", "/v1/containers", json(201, "{\"id\":\"" + ID + "\"}"))
                .on("POST", CONTAINER + "/wait", (request, exchange) -> {
                    killed.await(10, TimeUnit.SECONDS);
                    json(200, "{\"exitCode\":130}").respond(request, exchange);
                })
                .on("GET", CONTAINER + "/logs", (request, exchange) -> {
                    killed.await(10, TimeUnit.SECONDS);
                    FakeAgent.send(exchange, 200, "application/vnd.berth.multiplexed-stream", new byte[0]);
                })
                .on("POST", CONTAINER + "/start", (request, exchange) -> {
                    noContent().respond(request, exchange);
                    // The user presses Ctrl-C while the container runs.
                    Thread.ofPlatform().start(() -> trapped.get().accept("INT"));
                })
                .on("POST", CONTAINER + "/kill", (request, exchange) -> {
                    noContent().respond(request, exchange);
                    killed.countDown();
                });

        CliRun run = CliRun.run(env(), trap, new byte[0], "run", "busybox", "sleep", "100");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(130);
        assertThat(trappedSignals.get()).containsExactly("INT", "TERM");
        assertThat(agent.first("POST", "/kill").param("signal")).isEqualTo("SIGINT");
        assertThat(trapped.get()).as("the trap is released after the run").isNull();
    }

    @Test
    void anUnreachableAgentFailsRunWith125() throws Exception {
        CliRun run = CliRun.run(Map.of("BERTH_HOST", closedPortUrl(), "HOME", home.toString()), "run", "busybox");

        assertThat(run.exitCode).isEqualTo(125);
        assertThat(run.err).startsWith("berth: cannot reach the node agent at http://127.0.0.1:");
    }

    static String closedPortUrl() throws Exception {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    private static JsonNode tree(String text) {
        return JsonMapper.shared().readTree(text);
    }
}
