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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Berth's registry-service jar as a child process, as deploy/up.sh starts it, on a free port with its own data
 * directory and its own schema of the PostgreSQL that deploy/test.sh runs (the password from {@code BERTH_DB_PASSWORD},
 * else the file that script writes), dropped again when it stops.
 */
final class RegistryService implements AutoCloseable {
    private static final Path CREDENTIALS = Path.of("/etc/berth/postgres.env");

    private final Process process;
    private final int port;
    private final String schema = "registry_cli_it_" + ProcessHandle.current().pid();
    private final String password;
    private final Path log;

    RegistryService(Path java, Path workDir) throws IOException, InterruptedException {
        Path jar = SourceTree.root().resolve("registry-service/target/registry-service.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the reactor builds registry-service before cli");
        }
        port = freePort();
        Files.createDirectories(workDir);
        log = workDir.resolve("registry.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-jar", jar.toString(),
                "--server.port=" + port, "--berth.registry.data-dir=" + workDir.resolve("data"),
                "--berth.registry.schema=" + schema))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        password = password();
        builder.environment().put("BERTH_DB_PASSWORD", password);
        process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://" + address() + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("registry-service did not start; see " + workDir.resolve("registry.log"));
            }
            Thread.sleep(100);
        }
    }

    String address() {
        return "127.0.0.1:" + port;
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
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
