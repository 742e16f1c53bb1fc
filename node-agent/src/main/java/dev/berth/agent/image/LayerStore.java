package dev.berth.agent.image;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Unpacked layers, one directory each under {@code layers/sha256/}, named by diff id. A directory there is always
 * complete: it is unpacked elsewhere and renamed in, and it is renamed out before it is deleted, so a crash never
 * leaves half a layer that a later import would take for a whole one.
 */
final class LayerStore {
    private final Path dir;
    private final Path tmp;

    /**
     * @param dir the {@code layers/sha256} directory
     * @param tmp a directory on the same filesystem, where layers are unpacked and deleted
     */
    LayerStore(Path dir, Path tmp) {
        this.dir = dir;
        this.tmp = tmp;
    }

    /** Where layer {@code diffId} is, or would be: an overlay lowerdir. */
    Path dir(Digest diffId) {
        return dir.resolve(diffId.hex());
    }

    boolean exists(Digest diffId) {
        return Files.isDirectory(dir(diffId));
    }

    /** Renames a fully unpacked directory into place. The caller holds the layer's lock and saw it absent. */
    void install(Digest diffId, Path unpacked) {
        try {
            Files.move(unpacked, dir(diffId), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ImageException("installing layer " + diffId + ": " + e.getMessage(), e);
        }
    }

    void delete(Digest diffId) {
        Path layer = dir(diffId);
        if (!Files.isDirectory(layer)) {
            return;
        }
        Path doomed;
        try {
            doomed = Files.createTempDirectory(tmp, "deleting-" + diffId.shortHex() + "-");
            Files.move(layer, doomed.resolve("layer"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ImageException("deleting layer " + diffId + ": " + e.getMessage(), e);
        }
        FileTrees.delete(doomed);
    }

    /** Bytes of the regular files of a layer. */
    long measure(Digest diffId) {
        return FileTrees.size(dir(diffId));
    }

    Set<Digest> list() {
        Set<Digest> digests = new HashSet<>();
        try (DirectoryStream<Path> layers = Files.newDirectoryStream(dir)) {
            for (Path layer : layers) {
                String name = layer.getFileName().toString();
                if (Digest.isSha256Hex(name) && Files.isDirectory(layer)) {
                    digests.add(Digest.sha256(name));
                }
            }
        } catch (IOException e) {
            throw new ImageException("listing " + dir + ": " + e.getMessage(), e);
        }
        return digests;
    }
}
