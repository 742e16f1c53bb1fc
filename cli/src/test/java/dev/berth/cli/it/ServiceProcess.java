package dev.berth.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One of Berth's service jars (registry-service, log-service) as a child process, as deploy/up.sh starts it, on a free
 * port with its own data and its own schema of the PostgreSQL that deploy/test.sh runs (the password from
 * {@code BERTH_DB_PASSWORD}, else the file that script writes), dropped again when it stops. It can be killed and
 * started again on the same port, as a crash and a restart would.
 */
final class ServiceProcess implements AutoCloseable {
    private static final Path CREDENTIALS = Path.of("/etc/berth/postgres.env");

    private final String module;
    private final Path java;
    private final Path jar;
    private final List<String> settings;
    private final String readyPath;
    private final String host;
    private final int port;
    private final String schema;
    private final String password;
    private final Path log;
    private @Nullable Process process;

    private ServiceProcess(String module, Path java, Path workDir, String schemaSetting, List<String> settings,
                           String readyPath) throws IOException {
        this(module, java, workDir, schemaSetting, settings, readyPath, freePort());
    }

    private ServiceProcess(String module, Path java, Path workDir, String schemaSetting, List<String> settings,
                           String readyPath, int port) throws IOException {
        this(module, java, workDir, schemaSetting, settings, readyPath, "127.0.0.1", port,
                module.replace("-", "_") + "_cli_it_" + ProcessHandle.current().pid());
    }

    private ServiceProcess(String module, Path java, Path workDir, String schemaSetting, List<String> settings,
                           String readyPath, String host, int port, String schema) throws IOException {
        this.module = module;
        this.java = java;
        this.jar = SourceTree.root().resolve(module + "/target/" + module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the reactor builds " + module + " before cli");
        }
        this.host = host;
        this.port = port;
        this.schema = schema;
        List<String> all = new ArrayList<>(settings);
        all.add("--" + schemaSetting + "=" + schema);
        this.settings = all;
        this.readyPath = readyPath;
        this.password = password();
        Files.createDirectories(workDir);
        this.log = workDir.resolve(module + ".log");
    }

    /** registry-service, with its blobs under {@code workDir}. */
    static ServiceProcess registry(Path java, Path workDir) throws IOException, InterruptedException {
        ServiceProcess registry = new ServiceProcess("registry-service", java, workDir, "berth.registry.schema",
                List.of("--berth.registry.data-dir=" + workDir.resolve("data")), "/v2/");
        registry.start();
        return registry;
    }

    /** log-service. */
    static ServiceProcess logService(Path java, Path workDir) throws IOException, InterruptedException {
        ServiceProcess logs = new ServiceProcess("log-service", java, workDir, "berth.logs.schema", List.of(),
                "/actuator/health");
        logs.start();
        return logs;
    }

    /** The scheduler, on the first free port of 7880-7889 (the CLI's tests' own range). */
    static ServiceProcess scheduler(Path java, Path workDir, List<String> settings)
            throws IOException, InterruptedException {
        ServiceProcess scheduler = new ServiceProcess("scheduler", java, workDir, "berth.scheduler.schema", settings,
                "/actuator/health", freePortIn(7880, 7889));
        scheduler.start();
        return scheduler;
    }

    /**
     * A replica of the scheduler listening on {@code host:port}, on {@code schema}: replicas given one schema share
     * their state and elect a leader among themselves.
     */
    static ServiceProcess schedulerReplica(Path java, Path workDir, String host, int port, String schema,
                                           List<String> settings) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(settings);
        all.add("--server.address=" + host);
        ServiceProcess scheduler = new ServiceProcess("scheduler", java, workDir.resolve(host + "-" + port),
                "berth.scheduler.schema", all, "/actuator/health", host, port, schema);
        scheduler.start();
        return scheduler;
    }

    /**
     * The scheduler behind a gateway, on the first free port of 7910-7919 (the gateway tests' own range), in schema
     * {@code scheduler_cli_gw_it}.
     */
    static ServiceProcess schedulerBehindGateway(Path java, Path workDir) throws IOException, InterruptedException {
        ServiceProcess scheduler = new ServiceProcess("scheduler", java, workDir, "berth.scheduler.schema",
                List.of(), "/actuator/health", "127.0.0.1", freePortIn(7910, 7919), "scheduler_cli_gw_it");
        scheduler.start();
        return scheduler;
    }

    /** The installation's internal token written to {@code dir/internal-token}, mode 600, as up.sh keeps it. */
    static Path internalTokenFile(Path dir, String token) throws IOException {
        Path file = dir.resolve("internal-token");
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** Where nothing listens: the upstream of a route a test does not use. */
    static final String NOWHERE = "http://127.0.0.1:9";

    /**
     * The api-gateway on the first free port of 7900-7909, in {@code schema}, in front of {@code scheduler} and
     * {@code agent}; log-service and the registry are {@link #NOWHERE}. Its bootstrap admin token is written to
     * {@code workDir/admin-token}.
     */
    static ServiceProcess gateway(Path java, Path workDir, String schema, String scheduler, String agent)
            throws IOException, InterruptedException {
        return gateway(java, workDir, schema, scheduler, agent, NOWHERE);
    }

    /** {@link #gateway(Path, Path, String, String, String)}, with {@code registry} behind it. */
    static ServiceProcess gateway(Path java, Path workDir, String schema, String scheduler, String agent,
                                  String registry) throws IOException, InterruptedException {
        ServiceProcess gateway = new ServiceProcess("api-gateway", java, workDir, "berth.gateway.schema",
                List.of("--berth.gateway.bootstrap-token-file=" + workDir.resolve("admin-token"),
                        "--berth.gateway.upstreams.scheduler=" + scheduler,
                        "--berth.gateway.upstreams.logs=" + NOWHERE,
                        "--berth.gateway.upstreams.registry=" + registry,
                        "--berth.gateway.upstreams.agent=" + agent),
                "/actuator/health", "127.0.0.1", freePortIn(7900, 7909), schema);
        gateway.start();
        return gateway;
    }

    /**
     * {@code module} (api-gateway, scheduler, log-service or registry-service) on 127.0.0.1:{@code port} in
     * {@code schema}, with {@code settings}; started, which is once its health check answers (that answers anyone,
     * also under settings such as an internal token that refuse everything else at first).
     */
    static ServiceProcess on(String module, Path java, Path workDir, int port, String schema, List<String> settings)
            throws IOException, InterruptedException {
        String schemaSetting = switch (module) {
            case "api-gateway" -> "berth.gateway.schema";
            case "scheduler" -> "berth.scheduler.schema";
            case "log-service" -> "berth.logs.schema";
            case "registry-service" -> "berth.registry.schema";
            default -> throw new IllegalArgumentException("no such service: " + module);
        };
        ServiceProcess service = new ServiceProcess(module, java, workDir, schemaSetting, settings,
                "/actuator/health", "127.0.0.1", port, schema);
        service.start();
        return service;
    }

    /** Starts the service and returns once it answers. */
    synchronized void start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString(),
                "--server.port=" + port));
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("BERTH_DB_PASSWORD", password);
        Process started = builder.start();
        process = started;
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://" + address() + readyPath)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!started.isAlive() || System.nanoTime() > deadline) {
                started.destroyForcibly();
                throw new IllegalStateException(module + " did not start; see " + log);
            }
            Thread.sleep(100);
        }
    }

    /** SIGKILL, as a crash would: nothing is flushed or closed. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
            process = null;
        }
    }

    /** SIGTERM, and waits for it to end. */
    synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    String address() {
        return host + ":" + port;
    }

    String url() {
        return "http://" + address();
    }

    Path log() {
        return log;
    }

    private static String password() throws IOException {
        String fromEnvironment = System.getenv("BERTH_DB_PASSWORD");
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        for (String line : Files.readAllLines(CREDENTIALS)) {
            if (line.startsWith("BERTH_DB_PASSWORD=")) {
                return line.substring("BERTH_DB_PASSWORD=".length()).strip();
            }
        }
        throw new IllegalStateException("no BERTH_DB_PASSWORD in " + CREDENTIALS + ": run deploy/test.sh");
    }

    static int freePortIn(int first, int last) {
        for (int port = first; port <= last; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // the next one
            }
        }
        throw new IllegalStateException("no free port in " + first + "-" + last + " on 127.0.0.1");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        // The database outlives the test; its tables must not.
        ProcessBuilder drop = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "berth", "-d", "berth", "-q", "-c",
                "DROP SCHEMA IF EXISTS " + schema + " CASCADE").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        drop.environment().put("PGPASSWORD", password);
        try {
            drop.start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("dropping schema " + schema, e);
        }
    }
}
