package dev.berth.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The node agent jar as a child process, started as deploy/up.sh starts it, on its own port, state directory and run
 * directory. It can be stopped and started again on the same state, as an operator restarts the agent.
 *
 * <pre>
 * workDir/
 * ├── state/        --berth.agent.state-dir: images and containers
 * ├── run/          --berth.agent.run-dir
 * └── agent.log     stdout and stderr of every start, appended
 * </pre>
 */
final class NodeAgent implements AutoCloseable {

    /** How the agent is stopped: {@code GRACEFUL} is SIGTERM, as deploy/down.sh does; {@code KILL} is SIGKILL. */
    enum Shutdown {
        GRACEFUL,
        KILL
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Path java;
    private final Path jar;
    private final Path stateDir;
    private final Path runDir;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Read without the lock by the shutdown hook, which must not wait for a start in progress. */
    private volatile @Nullable Process process;

    /** Networks of its own, apart from those of an agent installed on this host. */
    static final List<String> NETWORK = List.of("--berth.agent.network.default-bridge=berthcli0",
            "--berth.agent.network.default-subnet=10.91.0.0/16", "--berth.agent.network.pool=10.92.0.0/16",
            "--berth.agent.network.table=berth_cli");

    private final List<String> settings;

    NodeAgent(Path java, Path jar, Path workDir) {
        this(java, jar, workDir, NETWORK);
    }

    /** @param settings {@code --name=value} arguments of this agent: its networks (which two agents must not share) */
    NodeAgent(Path java, Path jar, Path workDir, List<String> settings) {
        this.settings = List.copyOf(settings);
        this.java = java;
        this.jar = jar;
        this.stateDir = workDir.resolve("state");
        this.runDir = workDir.resolve("run");
        this.log = workDir.resolve("agent.log");
        this.port = freePort();
        // A test JVM that is stopped before its extensions close must not leave a root process behind.
        Runtime.getRuntime().addShutdownHook(new Thread(this::killNow, "node-agent-reaper"));
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Path stateDir() {
        return stateDir;
    }

    Path log() {
        return log;
    }

    /** Starts the agent and returns once {@code /actuator/health} says it is up. */
    synchronized void start() {
        Process previous = process;
        if (previous != null && previous.isAlive()) {
            throw new IllegalStateException("the node agent is already running, pid " + previous.pid());
        }
        Process started;
        try {
            Files.createDirectories(stateDir);
            Files.createDirectories(runDir);
            List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                    "-jar", jar.toString(), "--server.port=" + port, "--berth.agent.state-dir=" + stateDir,
                    "--berth.agent.run-dir=" + runDir));
            command.addAll(settings);
            started = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the node agent " + jar, e);
        }
        process = started;
        awaitHealthy(started);
    }

    private void awaitHealthy(Process started) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest health = HttpRequest.newBuilder(url().resolve("/actuator/health")).timeout(POLL.multipliedBy(20))
                .build();
        while (true) {
            if (!started.isAlive()) {
                throw new IllegalStateException("the node agent exited with " + started.exitValue()
                        + " during start-up; the end of " + log + ":\n" + logTail(40));
            }
            try {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the node agent started", e);
            }
            if (System.nanoTime() > deadline) {
                killNow();
                throw new IllegalStateException("the node agent did not report healthy at " + url() + " within "
                        + START_TIMEOUT.toSeconds() + " s; the end of " + log + ":\n" + logTail(40));
            }
            sleep(POLL);
        }
    }

    /** Stops the agent; its containers keep running, as they do when the real agent is stopped or crashes. */
    synchronized void stop(Shutdown how) {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return;
        }
        if (how == Shutdown.GRACEFUL) {
            running.destroy();
        } else {
            running.destroyForcibly();
        }
        try {
            if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly().waitFor();
                throw new IllegalStateException("the node agent did not exit within " + STOP_TIMEOUT.toSeconds()
                        + " s of SIGTERM and was killed; the end of " + log + ":\n" + logTail(40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the node agent stopped", e);
        }
    }

    /** Stops the agent and starts it again on the same port and state. */
    void restart(Shutdown how) {
        stop(how);
        start();
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private void killNow() {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop(Shutdown.GRACEFUL);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
