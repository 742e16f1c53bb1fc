package dev.berth.registry.gc;

import dev.berth.db.AdvisoryLock;
import dev.berth.db.Database;
import dev.berth.registry.blob.BlobStore;
import dev.berth.registry.blob.BlobSweeper.StoredBlob;
import dev.berth.registry.blob.BlobSweeper.StoredUpload;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.oci.Digest;
import dev.berth.registry.upload.Uploads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what nothing needs any more, in one transaction that holds the lock pushes take shared
 * ({@link AdvisoryLock#exclusive}): while it runs, no blob is committed and no manifest is stored, so nothing it decides
 * to remove can become referenced before it is gone. What is removed:
 *
 * <ul>
 *   <li>blobs that no manifest references and that nobody pushed, mounted or checked for within the grace period
 *       (a client pushes a blob, or finds it there, a moment before the manifest that references it);
 *   <li>uploads nobody wrote to within the upload expiry;
 *   <li>files in the store that the database does not know, older than the grace period.
 * </ul>
 */
public final class GarbageCollector {
    private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);

    private final Database db;
    private final AdvisoryLock gcLock;
    private final BlobStore store;
    private final Uploads uploads;
    private final Duration grace;
    private final Duration uploadExpiry;
    private final RegistryMetrics metrics;

    /** @param gcLock taken exclusively for each collection; pushes take it shared */
    public GarbageCollector(Database db, AdvisoryLock gcLock, BlobStore store, Uploads uploads, Duration grace,
                            Duration uploadExpiry, RegistryMetrics metrics) {
        this.db = db;
        this.gcLock = gcLock;
        this.store = store;
        this.uploads = uploads;
        this.grace = grace;
        this.uploadExpiry = uploadExpiry;
        this.metrics = metrics;
    }

    public GcReport collect() {
        long started = System.nanoTime();
        Counts counts = db.transaction("collecting garbage", connection -> {
            gcLock.exclusive(connection);
            Counts found = new Counts();
            unreferencedBlobs(connection, found);
            expiredUploads(connection, found);
            orphans(connection, found);
            return found;
        });
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        GcReport report = new GcReport(counts.blobs, counts.blobBytes, counts.uploads, counts.uploadBytes,
                counts.orphans, counts.orphanBytes, Instant.now(), took);
        metrics.collected(took, report.blobs(), report.uploads(), report.orphans(), report.bytes());
        log.info("garbage collection removed {} blobs ({} bytes), {} expired uploads, {} orphaned files in {} ms",
                report.blobs(), report.blobBytes(), report.uploads(), report.orphans(), took.toMillis());
        return report;
    }

    private static final class Counts {
        int blobs;
        long blobBytes;
        int uploads;
        long uploadBytes;
        int orphans;
        long orphanBytes;
    }

    private void unreferencedBlobs(Connection connection, Counts counts) throws SQLException {
        // Rows go first, files after, in the same transaction: should it roll back, a row may be left whose file
        // is gone, which reads as an unknown blob and is repaired by pushing it again.
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM blobs b"
                + " WHERE b.last_used_at < now() - make_interval(secs => ?)"
                + " AND NOT EXISTS (SELECT 1 FROM manifest_blobs mb WHERE mb.digest = b.digest)"
                + " RETURNING b.digest, b.size")) {
            delete.setDouble(1, grace.toMillis() / 1000.0);
            try (ResultSet rows = delete.executeQuery()) {
                while (rows.next()) {
                    Digest digest = Digest.parse(rows.getString(1));
                    deleteBlob(digest);
                    counts.blobs++;
                    counts.blobBytes += rows.getLong(2);
                }
            }
        }
    }

    private void expiredUploads(Connection connection, Counts counts) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM uploads"
                + " WHERE updated_at < now() - make_interval(secs => ?) RETURNING id")) {
            delete.setDouble(1, uploadExpiry.toMillis() / 1000.0);
            try (ResultSet rows = delete.executeQuery()) {
                while (rows.next()) {
                    UUID id = rows.getObject(1, UUID.class);
                    try {
                        counts.uploadBytes += store.uploadSize(id);
                    } catch (IOException gone) {
                        // nothing on disk to count
                    }
                    uploads.forget(id);
                    counts.uploads++;
                }
            }
        }
    }

    private void orphans(Connection connection, Counts counts) throws SQLException {
        Instant cutoff = Instant.now().minus(grace);
        Set<String> knownBlobs = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT digest FROM blobs");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                knownBlobs.add(rows.getString(1));
            }
        }
        Set<UUID> knownUploads = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM uploads");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                knownUploads.add(rows.getObject(1, UUID.class));
            }
        }
        try {
            for (StoredBlob blob : store.listBlobs()) {
                if (!knownBlobs.contains(blob.digest().toString()) && blob.modified().isBefore(cutoff)) {
                    deleteBlob(blob.digest());
                    counts.orphans++;
                    counts.orphanBytes += blob.size();
                }
            }
            for (StoredUpload upload : store.listUploads()) {
                if (!knownUploads.contains(upload.id()) && upload.modified().isBefore(cutoff)) {
                    store.cancelUpload(upload.id());
                    counts.orphans++;
                    counts.orphanBytes += upload.size();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing the blob store", e);
        }
    }

    private void deleteBlob(Digest digest) {
        try {
            store.delete(digest);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting blob " + digest, e);
        }
    }
}
