package dev.berth.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.TestDatabase;
import dev.berth.registry.RegistryApplication;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * Garbage collection, in a registry of its own so that it counts only what these tests leave. Time is moved by
 * dating rows and files back past the grace period (an hour, the default) rather than by waiting.
 */
@SpringBootTest(classes = RegistryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"berth.registry.schema=registry_it_gc", "berth.registry.data-dir=${berth.it.dir}/gc",
            RegistryIT.NO_SCHEDULED_GC})
class GcIT extends RegistryIT {
    private static final Duration PAST_GRACE = Duration.ofHours(2);

    @Test
    void removesOnlyWhatNothingNeeds() throws Exception {
        // Referenced: an image's config and layer.
        TestImages.Image kept = TestImages.ociImage(Map.of("kept.txt", "kept\n"));
        assertThat(kept.push(registry, "gc/app", "v1").status()).isEqualTo(201);
        // Unreferenced: a blob pushed alone, and the blobs of an image whose manifest is deleted.
        byte[] lonely = ChunkedUploadIT.random(30_000, 40);
        String lonelyDigest = registry.pushBlob("gc/app", lonely);
        TestImages.Image deleted = TestImages.ociImage(Map.of("deleted.txt", "deleted\n"));
        deleted.push(registry, "gc/app", "old");
        assertThat(registry.delete("/v2/gc/app/manifests/" + deleted.digest()).status()).isEqualTo(202);
        // Unreferenced but checked for (HEAD) by a client about to push a manifest that uses it.
        byte[] wanted = ChunkedUploadIT.random(20_000, 41);
        String wantedDigest = registry.pushBlob("gc/app", wanted);
        // Unreferenced, but pushed within the grace period.
        byte[] fresh = ChunkedUploadIT.random(10_000, 42);
        String freshDigest = registry.pushBlob("gc/app", fresh);
        // An upload in progress, written to recently.
        byte[] uploading = ChunkedUploadIT.random(40_000, 43);
        String upload = registry.startUpload("gc/app");
        registry.patch(upload, Arrays.copyOf(uploading, 15_000), "Content-Range", "0-14999");

        ageBlobs(kept.configDigest(), kept.layerDigest(0), lonelyDigest, deleted.configDigest(),
                deleted.layerDigest(0), wantedDigest);
        assertThat(registry.head("/v2/gc/app/blobs/" + wantedDigest).status()).isEqualTo(200);

        JsonNode report = registry.post("/api/v1/gc", new byte[0]).json();

        long removedBytes = lonely.length + deleted.config().length + deleted.layers().get(0).length;
        assertThat(report.path("blobs").asInt()).isEqualTo(3);
        assertThat(report.path("blobBytes").asLong()).isEqualTo(removedBytes);
        assertThat(report.path("uploads").asInt()).isZero();
        assertThat(report.path("orphans").asInt()).isZero();
        for (String gone : new String[] {lonelyDigest, deleted.configDigest(), deleted.layerDigest(0)}) {
            assertThat(blobFile(gone)).doesNotExist();
            assertThat(registry.head("/v2/gc/app/blobs/" + gone).status()).isEqualTo(404);
            assertThat(count("SELECT count(*) FROM repository_blobs WHERE digest = ?", gone)).isZero();
        }
        for (String kept1 : new String[] {kept.configDigest(), kept.layerDigest(0), wantedDigest, freshDigest}) {
            assertThat(blobFile(kept1)).exists();
            assertThat(registry.head("/v2/gc/app/blobs/" + kept1).status()).isEqualTo(200);
        }
        assertThat(registry.get("/v2/gc/app/manifests/v1").body()).isEqualTo(kept.manifest());

        // The upload goes on as if nothing happened.
        registry.patch(upload, Arrays.copyOfRange(uploading, 15_000, uploading.length), "Content-Range",
                "15000-39999");
        assertThat(registry.put(upload + "?digest=" + V2Client.digest(uploading), new byte[0]).status())
                .isEqualTo(201);

        // A second run finds nothing more.
        JsonNode again = registry.post("/api/v1/gc", new byte[0]).json();
        assertThat(again.path("blobs").asInt()).isZero();
        assertThat(again.path("bytes").asLong()).isZero();
        assertThat(registry.get("/actuator/prometheus").text())
                .contains("berth_registry_gc_removed_total{what=\"blobs\"} 3.0");
    }

    @Test
    void removesExpiredUploadsAndFilesTheDatabaseNeverKnew() throws Exception {
        String stale = registry.startUpload("gc/uploads");
        registry.patch(stale, new byte[1000], "Content-Range", "0-999");
        String staleId = stale.substring(stale.lastIndexOf('/') + 1);
        TestDatabase.update(schema, "UPDATE uploads SET updated_at = now() - interval '48 hours' WHERE id = ?",
                UUID.fromString(staleId));
        String active = registry.startUpload("gc/uploads");
        // Left by a crash between the rename of a blob and its row, and between a file and its upload row.
        byte[] orphan = V2Client.utf8("orphaned blob");
        Path orphanFile = blobFile(V2Client.digest(orphan));
        Files.createDirectories(orphanFile.getParent());
        Files.write(orphanFile, orphan);
        Path orphanUpload = dataDir.resolve("uploads").resolve(UUID.randomUUID().toString());
        Files.write(orphanUpload, new byte[500]);
        FileTime old = FileTime.from(Instant.now().minus(PAST_GRACE));
        Files.setLastModifiedTime(orphanFile, old);
        Files.setLastModifiedTime(orphanUpload, old);
        // A file that appeared a moment ago may be a push in progress: it stays.
        byte[] recent = V2Client.utf8("recent file");
        Path recentFile = blobFile(V2Client.digest(recent));
        Files.createDirectories(recentFile.getParent());
        Files.write(recentFile, recent);

        JsonNode report = registry.post("/api/v1/gc", new byte[0]).json();

        assertThat(report.path("uploads").asInt()).isEqualTo(1);
        assertThat(report.path("uploadBytes").asLong()).isEqualTo(1000);
        assertThat(report.path("orphans").asInt()).isEqualTo(2);
        assertThat(report.path("orphanBytes").asLong()).isEqualTo(orphan.length + 500);
        assertThat(registry.get(stale).errorCode()).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        assertThat(dataDir.resolve("uploads").resolve(staleId)).doesNotExist();
        assertThat(registry.get(active).status()).isEqualTo(204);
        assertThat(orphanFile).doesNotExist();
        assertThat(orphanUpload).doesNotExist();
        assertThat(recentFile).exists();
        Files.delete(recentFile);
    }

    @Test
    void collectionWaitsForAPushThatHoldsTheLock() throws Exception {
        try (Connection push = TestDatabase.connect()) {
            push.setAutoCommit(false);
            // What a blob commit or a manifest push holds while it checks and records what it references.
            try (PreparedStatement lock = push.prepareStatement("SELECT pg_advisory_xact_lock_shared(?)")) {
                lock.setLong(1, lockKey(schema));
                lock.execute();
            }
            CompletableFuture<V2Client.Response> collection = CompletableFuture.supplyAsync(
                    () -> registry.post("/api/v1/gc", new byte[0]));
            try {
                collection.get(1, TimeUnit.SECONDS);
                throw new AssertionError("collection ran while a push held the lock");
            } catch (TimeoutException expected) {
                // waiting, as it should
            }
            push.commit();
            assertThat(collection.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    private void ageBlobs(String... digests) throws Exception {
        for (String digest : digests) {
            TestDatabase.update(schema, "UPDATE blobs SET last_used_at = now() - make_interval(secs => ?)"
                    + " WHERE digest = ?", (double) PAST_GRACE.toSeconds(), digest);
        }
    }

    /** The registry's advisory lock for its schema (see RegistryConfiguration). */
    private static long lockKey(String schema) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(("berth.registry.gc/" + schema)
                .getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(hash).getLong();
    }
}
