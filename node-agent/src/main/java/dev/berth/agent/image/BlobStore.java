package dev.berth.agent.image;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Immutable content by digest, one file each under {@code blobs/sha256/}: image configs and layer tars. A blob appears
 * whole (renamed into place once complete), so a reader never sees half of one.
 */
final class BlobStore {
    private final Path dir;
    private final Path tmp;

    /**
     * @param dir the {@code blobs/sha256} directory
     * @param tmp a directory on the same filesystem for staging
     */
    BlobStore(Path dir, Path tmp) {
        this.dir = dir;
        this.tmp = tmp;
    }

    Path path(Digest digest) {
        return dir.resolve(digest.hex());
    }

    boolean exists(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    /** Moves a file whose digest the caller computed into the store; if the blob is already there, keeps that one. */
    void putFile(Digest digest, Path file) {
        if (exists(digest)) {
            return;
        }
        try {
            AtomicFiles.moveDurably(file, path(digest));
        } catch (IOException e) {
            throw new ImageException("storing blob " + digest + ": " + e.getMessage(), e);
        }
    }

    /** Stores some bytes and returns their digest. */
    Digest putBytes(byte[] content) {
        Digest digest = Digest.sha256Of(content);
        if (!exists(digest)) {
            AtomicFiles.write(path(digest), content, tmp);
        }
        return digest;
    }

    byte[] read(Digest digest) {
        try {
            return Files.readAllBytes(path(digest));
        } catch (IOException e) {
            throw new ImageException("reading blob " + digest + ": " + e.getMessage(), e);
        }
    }

    void delete(Digest digest) {
        try {
            Files.deleteIfExists(path(digest));
        } catch (IOException e) {
            throw new ImageException("deleting blob " + digest + ": " + e.getMessage(), e);
        }
    }

    /** Every blob present. Anything else in the directory is not Berth's and is left alone. */
    Set<Digest> list() {
        Set<Digest> digests = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (Digest.isSha256Hex(name)) {
                    digests.add(Digest.sha256(name));
                }
            }
        } catch (IOException e) {
            throw new ImageException("listing " + dir + ": " + e.getMessage(), e);
        }
        return digests;
    }
}
