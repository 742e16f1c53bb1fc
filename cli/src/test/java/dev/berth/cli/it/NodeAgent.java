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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The node agent jar as a child process, on its own port, state directory and run directory. It can be stopped and
 * started again on the same state, as an operator restarts the agent.
 *
 * <p>{@linkplain #supervised Supervised}, it runs as deploy/up.sh starts it: from an extracted copy of the jar, under
 * the supervisor, which restarts it when it dies and records the exits of the containers it left behind. The process
 * this class holds is then the supervisor's; {@link #killAgent} kills the agent alone, as a crash would.
 *
 * <pre>
 * workDir/
 * ├── state/        --berth.agent.state-dir: images and containers
 * ├── run/          --berth.agent.run-dir; supervised, exits/ holds the supervisor's exit records
 * ├── dist/         supervised: the jar extracted (node-agent.jar, lib/)
 * └── agent.log     stdout and stderr of every start (and of the supervisor), appended
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
    /** The agent's address: loopback, or its host's address on the test bridge. */
    private final String address;
    /** What the agent's command line starts with: nothing, or entering its host's network namespace. */
    private final List<String> launcher;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Read without the lock by the shutdown hook, which must not wait for a start in progress. */
    private volatile @Nullable Process process;

    /** Networks of its own, apart from those of an agent installed on this host. */
    static final List<String> NETWORK = List.of("--berth.agent.network.default-bridge=berthcli0",
            "--berth.agent.network.default-subnet=10.91.0.0/16", "--berth.agent.network.pool=10.92.0.0/16",
            "--berth.agent.network.table=berth_cli");

    /** The setting of where the agent ships its containers' output; empty, it ships nowhere. */
    static final String SHIP_LOGS_TO = "--berth.agent.logs.service=";

    private final List<String> settings;
    private final boolean supervised;
    private final Path dist;

    NodeAgent(Path java, Path jar, Path workDir) {
        this(java, jar, workDir, NETWORK, false);
    }

    /**
     * @param settings {@code --name=value} arguments of this agent: its networks (which two agents must not share)
     * @param supervised whether it runs under the supervisor, as deploy/up.sh runs it
     */
    NodeAgent(Path java, Path jar, Path workDir, List<String> settings, boolean supervised) {
        this(java, jar, workDir, settings, supervised, null, freePort());
    }

    /** An agent on 127.0.0.1:{@code port}, for a test that keeps to a range of ports of its own. */
    NodeAgent(Path java, Path jar, Path workDir, List<String> settings, int port) {
        this(java, jar, workDir, settings, false, null, port);
    }

    /**
     * An agent that runs in {@code host}'s network namespace and listens on its address there, as the agent of another
     * machine would: its bridges and firewall table are its own, and only the test bridge joins it to the others.
     */
    NodeAgent(Path java, Path jar, Path workDir, List<String> settings, NetworkHosts.Host host) {
        this(java, jar, workDir, settings, false, host, freePort());
    }

    private NodeAgent(Path java, Path jar, Path workDir, List<String> settings, boolean supervised,
                      NetworkHosts.@Nullable Host host, int port) {
        this.address = host == null ? "127.0.0.1" : host.address();
        this.launcher = host == null ? List.of() : host.enter();
        this.settings = List.copyOf(settings);
        this.supervised = supervised;
        this.dist = workDir.resolve("dist");
        this.java = java;
        this.jar = jar;
        this.stateDir = workDir.resolve("state");
        this.runDir = workDir.resolve("run");
        this.log = workDir.resolve("agent.log");
        this.port = port;
        // A test JVM that is stopped before its extensions close must not leave a root process behind.
        Runtime.getRuntime().addShutdownHook(new Thread(this::killNow, "node-agent-reaper"));
    }

    URI url() {
        return URI.create("http://" + address + ":" + port);
    }

    Path stateDir() {
        return stateDir;
    }

    boolean isRunning() {
        Process running = process;
        return running != null && running.isAlive();
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
            List<String> command = new ArrayList<>(launcher);
            Path agentJar = jar;
            if (supervised) {
                agentJar = extracted();
                command.addAll(List.of(supervisor().toString(), "--exit-records", exitRecords().toString(), "--"));
            }
            command.addAll(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                    "-jar", agentJar.toString(), "--server.port=" + port, "--server.address=" + address,
                    "--berth.agent.state-dir=" + stateDir,
                    "--berth.agent.run-dir=" + runDir));
            command.addAll(settings);
            if (settings.stream().noneMatch(setting -> setting.startsWith(SHIP_LOGS_TO))) {
                // Unless a test ships to its own log-service, nothing goes to one this host may run.
                command.add(SHIP_LOGS_TO);
            }
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

    Path exitRecords() {
        return runDir.resolve("exits");
    }

    /** The jar extracted as deploy/up.sh extracts it, once per work directory. */
    private Path extracted() throws IOException {
        Path agentJar = dist.resolve("node-agent.jar");
        if (Files.isRegularFile(agentJar)) {
            return agentJar;
        }
        Process extract = new ProcessBuilder(java.toString(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
                "--destination", dist.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!extract.waitFor(60, TimeUnit.SECONDS) || extract.exitValue() != 0) {
                throw new IllegalStateException("cannot extract " + jar + " into " + dist + "; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting " + jar, e);
        }
        return agentJar;
    }

    /** The supervisor's binary, built next to the agent's jar (node-agent/target/berth-supervisor). */
    private Path supervisor() {
        Path binary = jar.resolveSibling("berth-supervisor");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: build the node agent first");
        }
        return binary;
    }

    /** Supervised: the agent's process, the supervisor's child that runs the agent's jar. */
    Optional<ProcessHandle> agentProcess() {
        Process running = process;
        if (!supervised || running == null) {
            return Optional.empty();
        }
        return running.toHandle().children()
                .filter(child -> child.info().commandLine().orElse("").contains("node-agent.jar --server.port="))
                .findFirst();
    }

    /** The supervisor's pid, supervised; else the agent's. */
    long pid() {
        Process running = process;
        if (running == null) {
            throw new IllegalStateException("the node agent is not running");
        }
        return running.pid();
    }

    /**
     * Supervised: SIGKILLs the agent, as a crash would, and returns once the supervisor has started a new one and it
     * reports healthy. Returns the killed agent's pid.
     */
    long killAgent() {
        ProcessHandle agent = agentProcess().orElseThrow(() -> new IllegalStateException(
                "no supervised node agent runs; the end of " + log + ":\n" + logTail(40)));
        agent.destroyForcibly();
        try {
            agent.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the node agent, pid " + agent.pid() + ", did not die of SIGKILL", e);
        }
        awaitNewAgent(agent.pid());
        return agent.pid();
    }

    /**
     * Supervised: SIGKILLs the agent while the supervisor is held stopped (SIGSTOP), runs {@code meanwhile}, then lets
     * the supervisor go on (SIGCONT). Whatever {@code meanwhile} makes exit therefore exits while no agent runs, and
     * is found exited when the next one starts. Returns once that one reports healthy.
     */
    void killAgentWhile(Runnable meanwhile) {
        ProcessHandle agent = agentProcess().orElseThrow(() -> new IllegalStateException(
                "no supervised node agent runs; the end of " + log + ":\n" + logTail(40)));
        long supervisor = pid();
        signal("STOP", supervisor);
        try {
            agent.destroyForcibly();
            awaitZombie(agent.pid());
            meanwhile.run();
        } finally {
            signal("CONT", supervisor);
        }
        awaitNewAgent(agent.pid());
    }

    /** Waits until {@code pid} has exited and waits, a zombie, for its parent to reap it. */
    static void awaitZombie(long pid) {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (true) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                    return;
                }
            } catch (IOException e) {
                throw new IllegalStateException("pid " + pid + " was reaped, not left a zombie", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pid " + pid + " did not exit within " + STOP_TIMEOUT.toSeconds()
                        + " s");
            }
            sleep(Duration.ofMillis(10));
        }
    }

    /** kill(1): the JDK signals only its own children, and only with TERM and KILL. */
    static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                    .start();
            String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Writes the supervisor's pid where deploy/down.sh looks for it ({@code $BERTH_RUN/supervisor.pid}). */
    Path writePidFile() {
        Path file = runDir.resolve("supervisor.pid");
        try {
            Files.writeString(file, pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    Path runDir() {
        return runDir;
    }

    int port() {
        return port;
    }

    /** Returns once an agent other than {@code previous} runs under the supervisor and reports healthy. */
    void awaitNewAgent(long previous) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (agentProcess().map(ProcessHandle::pid).orElse(previous) == previous) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the supervisor did not start a new node agent within "
                        + START_TIMEOUT.toSeconds() + " s; the end of " + log + ":\n" + logTail(40));
            }
            sleep(Duration.ofMillis(20));
        }
        Process running = process;
        if (running != null) {
            awaitHealthy(running);
        }
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
            agentProcess().ifPresent(ProcessHandle::destroyForcibly);
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
            // The agent first: a supervisor killed alone would leave it running, re-parented to init.
            agentProcess().ifPresent(ProcessHandle::destroyForcibly);
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
