package dev.berth.registry.blob;

import dev.berth.registry.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Blobs as files, named by digest, in a tree one directory level deep so that no directory grows too large:
 *
 * <pre>
 * dataDir/
 * ├── blobs/sha256/
 * │   └── 3f/3fa9…e1             a blob: written whole elsewhere, fsynced, renamed in; never changed after
 * └── uploads/
 *     └── 0b8e…-…-…              an upload in progress: the bytes received so far, appended in order
 * </pre>
 *
 * Both are on one filesystem, so that committing an upload is a rename: a blob appears whole or not at all.
 */
public final class FilesystemBlobStore implements BlobStore {
    /** How many bytes of an upload may wait in the page cache before the kernel is told to write them. */
    static final long WRITE_BEHIND = 8L << 20;
    // fsync blocks its thread for the disk's time: platform threads, made as needed and dropped when idle.
    private static final ExecutorService WRITER = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("berth-write-behind-", 0).daemon().factory());
    private final Path blobs;
    private final Path uploads;

    public FilesystemBlobStore(Path dataDir) throws IOException {
        this.blobs = dataDir.resolve("blobs").resolve("sha256");
        this.uploads = dataDir.resolve("uploads");
        Files.createDirectories(blobs);
        Files.createDirectories(uploads);
    }

    Path blobPath(Digest digest) {
        return blobs.resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    }

    Path uploadPath(UUID upload) {
        return uploads.resolve(upload.toString());
    }

    @Override
    public OptionalLong size(Digest digest) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(blobPath(digest), BasicFileAttributes.class);
            return attributes.isRegularFile() ? OptionalLong.of(attributes.size()) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public ReadableByteChannel open(Digest digest, long offset) throws IOException {
        FileChannel channel = FileChannel.open(blobPath(digest), StandardOpenOption.READ);
        channel.position(offset);
        return channel;
    }

    @Override
    public void createUpload(UUID upload) throws IOException {
        Files.createFile(uploadPath(upload));
    }

    @Override
    public long uploadSize(UUID upload) throws IOException {
        return Files.size(uploadPath(upload));
    }

    /**
     * Appends to an upload. What the client is told it has sent must survive a crash, or its next chunk would leave a
     * gap, so closing the sink fsyncs the file. So that this last fsync does not hold the answer up by the time it
     * takes to write the whole chunk to disk, the sink has the kernel write it out as it arrives: every
     * {@link #WRITE_BEHIND} bytes, an fsync runs on another thread while the bytes keep coming, and the fsync at the
     * end only has the rest to do.
     */
    @Override
    public UploadSink append(UUID upload) throws IOException {
        FileChannel channel = FileChannel.open(uploadPath(upload), StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new UploadSink() {
            private long unsynced;
            private CompletableFuture<Void> syncing = CompletableFuture.completedFuture(null);

            @Override
            public void write(ByteBuffer bytes) throws IOException {
                while (bytes.hasRemaining()) {
                    unsynced += channel.write(bytes);
                }
                if (unsynced >= WRITE_BEHIND && syncing.isDone()) {
                    awaitSync();
                    unsynced = 0;
                    syncing = CompletableFuture.runAsync(() -> {
                        try {
                            channel.force(false);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, WRITER);
                }
            }

            private void awaitSync() throws IOException {
                try {
                    syncing.join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof UncheckedIOException io) {
                        throw io.getCause();
                    }
                    throw e;
                }
            }

            @Override
            public void close() throws IOException {
                if (!channel.isOpen()) {
                    return;
                }
                try (channel) {
                    awaitSync();
                    channel.force(false);
                }
            }
        };
    }

    @Override
    public void truncateUpload(UUID upload, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(uploadPath(upload), StandardOpenOption.WRITE)) {
            channel.truncate(size);
            channel.force(false);
        }
    }

    @Override
    public ReadableByteChannel readUpload(UUID upload) throws IOException {
        return FileChannel.open(uploadPath(upload), StandardOpenOption.READ);
    }

    @Override
    public void commit(UUID upload, Digest digest) throws IOException {
        Path source = uploadPath(upload);
        // Every append ended with its bytes synced (see append), so this is the disk's time only for what was not:
        // an upload written by a process that died before its sync. Data, not times: fdatasync, not fsync, which
        // would wait for one more journal commit to record a modification time nobody reads.
        try (FileChannel channel = FileChannel.open(source, StandardOpenOption.WRITE)) {
            channel.force(false);
        }
        Path target = blobPath(digest);
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            syncDirectory(dir.getParent());
        }
        // Two uploads of the same blob may commit at once: renames replace atomically and the bytes are equal.
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(dir);
    }

    @Override
    public void cancelUpload(UUID upload) throws IOException {
        Files.deleteIfExists(uploadPath(upload));
    }

    @Override
    public void delete(Digest digest) throws IOException {
        Files.deleteIfExists(blobPath(digest));
    }

    @Override
    public List<StoredBlob> listBlobs() throws IOException {
        List<StoredBlob> found = new ArrayList<>();
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(blobs)) {
            for (Path prefix : prefixes) {
                if (!Files.isDirectory(prefix)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
                    for (Path file : files) {
                        String name = file.getFileName().toString();
                        if (!Digest.isSha256Hex(name) || !name.startsWith(prefix.getFileName().toString())) {
                            continue; // not the store's: left alone
                        }
                        try {
                            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                            found.add(new StoredBlob(new Digest(name), attributes.size(),
                                    attributes.lastModifiedTime().toInstant()));
                        } catch (NoSuchFileException gone) {
                            // deleted while listing
                        }
                    }
                }
            }
        }
        return found;
    }

    @Override
    public List<StoredUpload> listUploads() throws IOException {
        List<StoredUpload> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(uploads)) {
            for (Path file : files) {
                UUID id;
                try {
                    id = UUID.fromString(file.getFileName().toString());
                } catch (IllegalArgumentException notOurs) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    found.add(new StoredUpload(id, attributes.size(), attributes.lastModifiedTime().toInstant()));
                } catch (NoSuchFileException gone) {
                    // committed or cancelled while listing
                }
            }
        }
        return found;
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
