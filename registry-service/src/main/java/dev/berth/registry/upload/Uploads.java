package dev.berth.registry.upload;

import dev.berth.db.AdvisoryLock;
import dev.berth.db.Database;
import dev.berth.registry.ErrorCode;
import dev.berth.registry.LimitExceededException;
import dev.berth.registry.Limits;
import dev.berth.registry.RegistryException;
import dev.berth.registry.blob.BlobStore;
import dev.berth.registry.blob.Blobs;
import dev.berth.registry.blob.UploadSink;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.oci.Digest;
import dev.berth.registry.oci.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads, from the first byte to the blob. Each upload is a row (which repository, when it was last written to)
 * and the bytes in the store's upload area; its size is what the store holds, so a chunk cut short leaves exactly
 * what arrived and the client resumes from there. While chunks arrive in one process the sha256 runs along; after a
 * restart, or when a chunk failed mid-write, the upload is hashed again at the end.
 */
public final class Uploads {
    private static final Logger log = LoggerFactory.getLogger(Uploads.class);
    private static final int BUFFER = 256 * 1024;

    private final Database db;
    private final AdvisoryLock gcLock;
    private final BlobStore store;
    private final Limits limits;
    private final RegistryMetrics metrics;
    private final Map<UUID, Progress> inProgress = new ConcurrentHashMap<>();

    public Uploads(Database db, AdvisoryLock gcLock, BlobStore store, Limits limits, RegistryMetrics metrics) {
        this.db = db;
        this.gcLock = gcLock;
        this.store = store;
        this.limits = limits;
        this.metrics = metrics;
    }

    /** One writer at a time per upload, and the running hash of its first {@code hashed} bytes. */
    private static final class Progress {
        final ReentrantLock writer = new ReentrantLock();
        @Nullable MessageDigest hash = Digest.newSha256();
        long hashed;
    }

    public UploadStatus start(RepositoryName repository) {
        UUID id = UUID.randomUUID();
        // The file first: a row is never without its bytes, and a file without a row is the collector's to remove.
        try {
            store.createUpload(id);
        } catch (IOException e) {
            throw new UncheckedIOException("creating upload " + id, e);
        }
        try {
            db.autocommit("starting an upload to " + repository, connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO uploads (id, repository) VALUES (?, ?)")) {
                    insert.setObject(1, id);
                    insert.setString(2, repository.value());
                    return insert.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            forgetQuietly(id, e);
            throw e;
        }
        inProgress.put(id, new Progress());
        return new UploadStatus(id, repository, 0);
    }

    public UploadStatus status(RepositoryName repository, String uploadId) {
        UUID id = known(repository, uploadId);
        return new UploadStatus(id, repository, sizeOf(id, uploadId));
    }

    /**
     * Appends a chunk. With a {@code range}, it must start where the upload ends (416 otherwise, and nothing is
     * written); without one the chunk is appended wherever the upload ends (docker's streamed PATCH).
     *
     * @param declaredLength the request's Content-Length, or -1 when the body is chunked
     */
    public UploadStatus append(RepositoryName repository, String uploadId, @Nullable ChunkRange range,
                               long declaredLength, InputStream body) {
        UUID id = known(repository, uploadId);
        Progress progress = progress(id);
        if (!progress.writer.tryLock()) {
            throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "another request is writing to upload " + id
                    + " right now; wait for it, ask for the upload's status, and go on from there");
        }
        try {
            long size = sizeOf(id, uploadId);
            if (range != null && range.first() != size) {
                throw new RegistryException(ErrorCode.RANGE_INVALID, 416, "the chunk starts at byte " + range.first()
                        + " but the upload holds " + size + " bytes: the next chunk must start at " + size,
                        Map.of("uuid", id.toString(), "size", size));
            }
            if (range != null && declaredLength >= 0 && range.length() != declaredLength) {
                throw new RegistryException(ErrorCode.SIZE_INVALID, "Content-Range covers " + range.length()
                        + " bytes but Content-Length is " + declaredLength);
            }
            long written = write(id, progress, size, declaredLength, body);
            touch(id);
            return new UploadStatus(id, repository, size + written);
        } finally {
            progress.writer.unlock();
        }
    }

    /**
     * Ends an upload with its last chunk (possibly empty): checks that the bytes have {@code digest}, then makes them
     * that blob of the repository. A wrong digest leaves the upload as it was, for the client to fix and retry.
     */
    public long complete(RepositoryName repository, String uploadId, Digest digest, long declaredLength,
                         InputStream lastChunk) {
        UUID id = known(repository, uploadId);
        Progress progress = progress(id);
        if (!progress.writer.tryLock()) {
            throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "another request is writing to upload " + id);
        }
        try {
            long size = sizeOf(id, uploadId);
            if (declaredLength != 0) {
                size += write(id, progress, size, declaredLength, lastChunk);
            }
            Digest actual = digestOf(id, progress, size);
            if (!actual.equals(digest)) {
                touch(id);
                throw new DigestMismatchException(digest, actual, size);
            }
            long blobSize = size;
            db.transaction("storing blob " + digest, connection -> {
                // Under the lock, so that a collection cannot pass between the rename and the row.
                gcLock.shared(connection);
                try {
                    store.commit(id, digest);
                } catch (IOException e) {
                    throw new UncheckedIOException("moving upload " + id + " to blob " + digest, e);
                }
                Blobs.record(connection, repository, digest, blobSize);
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM uploads WHERE id = ?")) {
                    delete.setObject(1, id);
                    delete.executeUpdate();
                }
                return null;
            });
            inProgress.remove(id);
            metrics.pushed("blob");
            return blobSize;
        } finally {
            progress.writer.unlock();
        }
    }

    /** A whole blob in one request ({@code POST ?digest=}): an upload of one chunk, gone again if it fails. */
    public long pushWhole(RepositoryName repository, Digest digest, long declaredLength, InputStream body) {
        UploadStatus upload = start(repository);
        boolean stored = false;
        try {
            long size = complete(repository, upload.id().toString(), digest, declaredLength, body);
            stored = true;
            return size;
        } finally {
            if (!stored) {
                cancel(repository, upload.id().toString());
            }
        }
    }

    public void cancel(RepositoryName repository, String uploadId) {
        UUID id = known(repository, uploadId);
        db.autocommit("cancelling upload " + id, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM uploads WHERE id = ?")) {
                delete.setObject(1, id);
                delete.executeUpdate();
            }
            return null;
        });
        forget(id);
    }

    /** Drops what this process knows of an upload and its bytes (cancelled, or expired by the collector). */
    public void forget(UUID id) {
        inProgress.remove(id);
        try {
            store.cancelUpload(id);
        } catch (IOException e) {
            throw new UncheckedIOException("removing upload " + id, e);
        }
    }

    private void forgetQuietly(UUID id, RuntimeException failure) {
        try {
            store.cancelUpload(id);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private long write(UUID id, Progress progress, long size, long declaredLength, InputStream body) {
        long room = Math.min(limits.maxBlobBytes() - size, limits.maxRequestBytes());
        if (declaredLength > limits.maxRequestBytes()) {
            throw new LimitExceededException(ErrorCode.SIZE_INVALID, "the request body (" + declaredLength
                    + " bytes)", limits.maxRequestBytes(), Limits.REQUEST_SETTING);
        }
        if (declaredLength >= 0 && size + declaredLength > limits.maxBlobBytes()) {
            throw new LimitExceededException(ErrorCode.SIZE_INVALID, "the blob (" + (size + declaredLength)
                    + " bytes)", limits.maxBlobBytes(), Limits.BLOB_SETTING);
        }
        @Nullable MessageDigest hash = progress.hash != null && progress.hashed == size ? progress.hash : null;
        progress.hash = hash;
        long written = 0;
        byte[] buffer = new byte[BUFFER];
        @Nullable Exception interruption = null;
        try (UploadSink sink = store.append(id)) {
            while (true) {
                int read;
                try {
                    read = body.read(buffer);
                } catch (IOException | RuntimeException e) {
                    // The request body failed: the client went away (Reactor Netty reports that unchecked).
                    interruption = e;
                    break;
                }
                if (read < 0) {
                    break;
                }
                if (written + read > room) {
                    sink.close();
                    progress.hash = null;
                    store.truncateUpload(id, size);
                    boolean blobLimit = limits.maxBlobBytes() - size <= limits.maxRequestBytes();
                    throw blobLimit
                            ? new LimitExceededException(ErrorCode.SIZE_INVALID, "the blob", limits.maxBlobBytes(),
                                    Limits.BLOB_SETTING)
                            : new LimitExceededException(ErrorCode.SIZE_INVALID, "the request body",
                                    limits.maxRequestBytes(), Limits.REQUEST_SETTING);
                }
                try {
                    sink.write(ByteBuffer.wrap(buffer, 0, read));
                } catch (IOException e) {
                    progress.hash = null; // part of the buffer may be on disk
                    throw e;
                }
                if (hash != null) {
                    hash.update(buffer, 0, read);
                    progress.hashed += read;
                }
                written += read;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to upload " + id, e);
        } finally {
            metrics.received(written);
        }
        if (interruption != null) {
            log.info("upload {} was cut short after {} bytes of this chunk ({}); it holds {} bytes", id, written,
                    interruption.toString(), size + written);
            touch(id);
            throw new UploadInterruptedException(id, size + written, interruption.getMessage() == null
                    ? interruption.getClass().getSimpleName() : interruption.getMessage());
        }
        if (declaredLength >= 0 && written != declaredLength) {
            touch(id);
            throw new UploadInterruptedException(id, size + written,
                    "Content-Length was " + declaredLength + " but " + written + " bytes arrived");
        }
        return written;
    }

    private Digest digestOf(UUID id, Progress progress, long size) {
        MessageDigest hash = progress.hash;
        if (hash != null && progress.hashed == size) {
            try {
                // A copy: if the digest is wrong the client may append more and try again.
                return Digest.of(((MessageDigest) hash.clone()).digest());
            } catch (CloneNotSupportedException e) {
                // Every JDK's SHA-256 can be cloned; hash from the file if not.
            }
        }
        MessageDigest fresh = Digest.newSha256();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        try (ReadableByteChannel channel = store.readUpload(id)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                fresh.update(buffer);
                buffer.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("hashing upload " + id, e);
        }
        return Digest.of(fresh.digest());
    }

    /** The upload's id, if it is in progress in this repository. */
    private UUID known(RepositoryName repository, String uploadId) {
        UUID id;
        try {
            id = UUID.fromString(uploadId);
        } catch (IllegalArgumentException e) {
            throw new UploadUnknownException(uploadId);
        }
        Optional<String> owner = db.autocommit("finding upload " + id, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT repository FROM uploads WHERE id = ?")) {
                select.setObject(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
        if (owner.isEmpty() || !owner.get().equals(repository.value())) {
            throw new UploadUnknownException(uploadId);
        }
        return id;
    }

    private Progress progress(UUID id) {
        // After a restart nothing is known of the upload's hash: a fresh entry is marked as needing a rehash.
        return inProgress.computeIfAbsent(id, unknown -> {
            Progress progress = new Progress();
            progress.hash = null;
            return progress;
        });
    }

    private long sizeOf(UUID id, String uploadId) {
        try {
            return store.uploadSize(id);
        } catch (NoSuchFileException e) {
            throw new UploadUnknownException(uploadId);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the size of upload " + id, e);
        }
    }

    private void touch(UUID id) {
        db.autocommit("recording activity on upload " + id, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE uploads SET updated_at = now() WHERE id = ?")) {
                update.setObject(1, id);
                update.executeUpdate();
            }
            return null;
        });
    }
}
