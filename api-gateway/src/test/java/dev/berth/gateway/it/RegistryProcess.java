package dev.berth.gateway.it;

import static org.assertj.core.api.Assertions.fail;

import dev.berth.db.TestDatabase;
import java.io.IOException;
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
 * The real registry-service, its jar run as deploy/up.sh runs it, on a free loopback port, over a schema of this
 * run and blobs under {@code target/it}. The reactor builds registry-service before the gateway; a build of the
 * gateway alone needs it built first ({@code mvn -pl registry-service package -DskipTests}).
 */
final class RegistryProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    RegistryProcess(Path workDir) throws IOException, InterruptedException {
        Path jar = sourceTree().resolve("registry-service/target/registry-service.jar");
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: build registry-service first (mvn -pl registry-service package -DskipTests),"
                    + " or build from the root, where the reactor builds it before the gateway");
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(workDir);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-jar", jar.toString(),
                "--server.port=" + port, "--berth.registry.schema=" + TestDatabase.schema(GatewayInstance.SCHEMA_PREFIX, "registry_service"),
                "--berth.registry.data-dir=" + workDir.resolve("data"), "--berth.registry.gc.interval=0s"))
                .redirectErrorStream(true).redirectOutput(workDir.resolve("registry-service.log").toFile());
        builder.environment().put("BERTH_DB_PASSWORD", TestDatabase.password());
        process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url() + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                fail("registry-service did not start; see " + workDir.resolve("registry-service.log"));
            }
            Thread.sleep(100);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private static Path sourceTree() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/up.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no Berth checkout above " + Path.of("").toAbsolutePath());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
