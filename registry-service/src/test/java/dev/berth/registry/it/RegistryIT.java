package dev.berth.registry.it;

import dev.berth.db.TestDatabase;
import dev.berth.registry.RegistryApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real registry in this JVM on a random loopback port, over the real PostgreSQL in a schema of its own and with
 * its blobs under {@code target/it}; tests talk to it over HTTP (and look at its files and tables to check what it
 * left). Subclasses that need other settings declare their own {@code @SpringBootTest} with another schema and data
 * directory; equal settings share one registry.
 */
@SpringBootTest(classes = RegistryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {RegistryIT.MAIN_SCHEMA, RegistryIT.MAIN_DATA, RegistryIT.NO_SCHEDULED_GC})
public abstract class RegistryIT {
    static final String MAIN_SCHEMA = "berth.registry.schema=registry_it";
    static final String MAIN_DATA = "berth.registry.data-dir=${berth.it.dir}/main";
    static final String NO_SCHEDULED_GC = "berth.registry.gc.interval=0s";

    private static boolean cleaned;

    @LocalServerPort
    int port;

    @Value("${berth.registry.schema}")
    String schema;

    @Value("${berth.registry.data-dir}")
    Path dataDir;

    protected V2Client registry;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", TestDatabase::url);
        properties.add("spring.datasource.username", TestDatabase::user);
        properties.add("spring.datasource.password", TestDatabase::password);
    }

    @BeforeAll
    static void prepare() throws IOException, SQLException {
        synchronized (RegistryIT.class) {
            if (!cleaned) {
                // Schemas and blobs of an earlier run would show up as content of this one.
                TestDatabase.resetOnce("registry_it");
                deleteTree(Path.of(System.getProperty("berth.it.dir", "target/it")));
                cleaned = true;
            }
        }
    }

    @BeforeEach
    void connect() {
        registry = new V2Client(port);
    }

    /** Where the store keeps a blob. */
    Path blobFile(String digest) {
        String hex = digest.substring("sha256:".length());
        return dataDir.resolve("blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex);
    }

    long count(String sql, Object... parameters) throws SQLException {
        return TestDatabase.queryLong(schema, sql, parameters);
    }

    long uploadsInProgress() throws SQLException, IOException {
        long rows = count("SELECT count(*) FROM uploads");
        try (Stream<Path> files = Files.list(dataDir.resolve("uploads"))) {
            long onDisk = files.count();
            if (onDisk != rows) {
                throw new AssertionError(rows + " uploads in the database but " + onDisk + " on disk");
            }
        }
        return rows;
    }

    /**
     * Waits until the uploads in the database and on disk both number {@code expected}, then checks them as
     * {@link #uploadsInProgress()} does. Dropping an upload removes its row and its file one after the other, so a
     * look in between may see them differ.
     */
    long uploadsSettleAt(long expected, Duration within) throws SQLException, IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            long rows = count("SELECT count(*) FROM uploads");
            long onDisk;
            try (Stream<Path> files = Files.list(dataDir.resolve("uploads"))) {
                onDisk = files.count();
            }
            if (rows == expected && onDisk == expected) {
                break;
            }
            Thread.sleep(50);
        }
        return uploadsInProgress();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
