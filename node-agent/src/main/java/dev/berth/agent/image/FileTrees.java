package dev.berth.agent.image;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Whole-tree operations on unpacked layers. None of them follows a symlink: a layer's links point anywhere. */
final class FileTrees {

    private FileTrees() {}

    /** The attributes of a path itself (a symlink, not its target), or null if nothing is there. */
    static @Nullable BasicFileAttributes lstat(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Deletes a file or a whole tree; nothing there is fine. */
    static void delete(Path path) {
        try {
            BasicFileAttributes attributes = lstat(path);
            if (attributes == null) {
                return;
            }
            if (!attributes.isDirectory()) {
                Files.deleteIfExists(path);
                return;
            }
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    makeWritable(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException failure)
                        throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new ImageException("deleting " + path + ": " + e.getMessage(), e);
        }
    }

    /** Deletes what a directory holds, keeping the directory. */
    static void clear(Path dir) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                delete(child);
            }
        } catch (IOException e) {
            throw new ImageException("clearing " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Bytes of the regular files below {@code dir}, each inode counted once however many hard links it has. */
    static long size(Path dir) {
        Set<Object> seen = new HashSet<>();
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    Object key = attrs.fileKey();
                    if (attrs.isRegularFile() && (key == null || seen.add(key))) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new ImageException("measuring " + dir + ": " + e.getMessage(), e);
        }
        return total[0];
    }

    // An unpacked layer may hold read-only directories (0555); when the agent does not run as root (in tests) their
    // entries could not be removed without this.
    private static void makeWritable(Path dir) throws IOException {
        if (Files.isWritable(dir) && Files.isExecutable(dir)) {
            return;
        }
        Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(dir,
                LinkOption.NOFOLLOW_LINKS));
        permissions.add(PosixFilePermission.OWNER_READ);
        permissions.add(PosixFilePermission.OWNER_WRITE);
        permissions.add(PosixFilePermission.OWNER_EXECUTE);
        Files.setPosixFilePermissions(dir, permissions);
    }
}
