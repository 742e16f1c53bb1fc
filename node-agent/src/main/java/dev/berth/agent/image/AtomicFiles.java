package dev.berth.agent.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * Replaces a file so that a crash leaves either the old content or the new, never a mix: write a temporary file,
 * fsync it, rename it over the target, fsync the directory.
 */
final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes {@code content} to {@code target}, staging it in {@code tmp}, which is on the same filesystem. */
    static void write(Path target, byte[] content, Path tmp) {
        @Nullable Path staged = null;
        try {
            staged = Files.createTempFile(tmp, target.getFileName().toString() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            moveDurably(staged, target);
        } catch (IOException e) {
            deleteQuietly(staged);
            throw new ImageException("writing " + target + ": " + e.getMessage(), e);
        }
    }

    /** Renames {@code source} to {@code target} (atomically replacing it) and fsyncs the target's directory. */
    static void moveDurably(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.getParent());
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(@Nullable Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // It is in tmp/, which start-up clears.
        }
    }
}
