package dev.berth.agent.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Containers on disk, one directory each (see {@link ContainerPaths}), so that {@code ps} and {@code inspect} survive
 * an agent restart. Files are replaced atomically: a crash leaves the old version or the new one, never half.
 */
public final class ContainerStore {
    private static final Logger log = LoggerFactory.getLogger(ContainerStore.class);

    private final Path root;
    private final JsonMapper json;

    /** One container as found on disk. */
    public record Stored(ContainerConfig config, ContainerState state) {}

    public ContainerStore(Path root, JsonMapper json) {
        this.root = root;
        this.json = json;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
    }

    public ContainerPaths paths(ContainerId id) {
        return new ContainerPaths(root.resolve(id.value()));
    }

    /** Makes the container's directories and records its config and initial state. */
    public ContainerPaths create(ContainerConfig config, ContainerState state) {
        ContainerPaths paths = paths(config.id());
        try {
            Files.createDirectories(paths.directory(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx--x---")));
            Files.createDirectories(paths.upper());
            Files.createDirectories(paths.work());
            Files.createDirectories(paths.rootfs());
            // Empty logs from the start, so that a follower attached before the first start has files to hold.
            for (var stream : dev.berth.agent.stdio.LogStream.values()) {
                Files.createFile(paths.logs().log(stream), PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-r-----")));
            }
            writeAtomically(paths.config(), json.writeValueAsBytes(config));
            writeAtomically(paths.state(), json.writeValueAsBytes(state));
            return paths;
        } catch (IOException | RuntimeException e) {
            delete(config.id());
            throw e instanceof IOException io ? new UncheckedIOException("cannot create container directory", io)
                    : (RuntimeException) e;
        }
    }

    public void saveState(ContainerId id, ContainerState state) {
        try {
            writeAtomically(paths(id).state(), json.writeValueAsBytes(state));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the state of container " + id, e);
        }
    }

    /** Every container on disk; a directory that cannot be read is skipped with a warning, never deleted. */
    public List<Stored> loadAll() {
        List<Stored> all = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                ContainerPaths paths = new ContainerPaths(dir);
                try {
                    ContainerConfig config = json.readValue(paths.config().toFile(), ContainerConfig.class);
                    ContainerState state = json.readValue(paths.state().toFile(), ContainerState.class);
                    all.add(new Stored(config, state));
                } catch (RuntimeException e) {
                    log.warn("skipping unreadable container directory {}: {}", dir, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return all;
    }

    /** Removes the container's directory and everything in it: its writable layer, logs and state. */
    public void delete(ContainerId id) {
        Path dir = paths(id).directory();
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    /**
     * Write, then rename over the target: readers see the old file or the new one, never half. Nothing is flushed to
     * disk: a flush costs a millisecond or more on every create, start and exit, and what a power cut can cost is
     * small: the last transition of a state file (recovery then looks at the process again), or the config of a
     * container created in the last seconds (recovery skips its directory, with a warning).
     */
    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
