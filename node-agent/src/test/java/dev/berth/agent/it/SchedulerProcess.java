package dev.berth.agent.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real scheduler, from its jar (the reactor builds it: {@code mvn install -DskipTests} at the root), as a child
 * process on a loopback port of the test's choosing, over the PostgreSQL that deploy/test.sh runs, in a schema of the
 * test's own that is dropped before it starts and after it stops. The password comes from {@code BERTH_DB_PASSWORD},
 * else the file deploy/postgres.sh writes; without one the test fails and says so.
 */
final class SchedulerProcess implements AutoCloseable {
    private static final Path CREDENTIALS = Path.of("/etc/berth/postgres.env");

    private final int port;
    private final String schema;
    private final String password;
    private final Path log;
    private final Process process;

    private SchedulerProcess(int port, String schema, List<String> settings) throws IOException, InterruptedException {
        this.port = port;
        this.schema = schema;
        this.password = password();
        Path jar = BusyboxImage.projectRoot().resolve("scheduler/target/scheduler.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: build the reactor first (mvn -o install -DskipTests)");
        }
        this.log = Path.of(System.getProperty("berth.it.dir", "target/it"), "scheduler-" + port + ".log");
        Files.createDirectories(log.getParent());
        dropSchema();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                jar.toString(), "--server.address=127.0.0.1", "--server.port=" + port,
                "--berth.scheduler.schema=" + schema));
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("BERTH_DB_PASSWORD", password);
        this.process = builder.start();
        awaitHealthy();
    }

    /** Starts a scheduler and returns once it answers its health check. */
    static SchedulerProcess start(int port, String schema, String... settings)
            throws IOException, InterruptedException {
        return new SchedulerProcess(port, schema, List.of(settings));
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return log;
    }

    private void awaitHealthy() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("the scheduler did not start on " + url() + "; see " + log);
            }
            Thread.sleep(200);
        }
    }

    private static String password() throws IOException {
        String fromEnvironment = System.getenv("BERTH_DB_PASSWORD");
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        if (Files.isReadable(CREDENTIALS)) {
            for (String line : Files.readAllLines(CREDENTIALS)) {
                if (line.startsWith("BERTH_DB_PASSWORD=")) {
                    return line.substring("BERTH_DB_PASSWORD=".length()).strip();
                }
            }
        }
        throw new AssertionError("no database password: set BERTH_DB_PASSWORD, or start PostgreSQL as root with"
                + " . deploy/lib.sh && . deploy/postgres.sh && ensure_postgres, which writes " + CREDENTIALS);
    }

    private void dropSchema() throws IOException, InterruptedException {
        ProcessBuilder drop = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "berth", "-d", "berth", "-q",
                "-c", "DROP SCHEMA IF EXISTS " + schema + " CASCADE").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        drop.environment().put("PGPASSWORD", password);
        Process p = drop.start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("could not drop schema " + schema + " (psql); see " + log);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        dropSchema();
    }
}
