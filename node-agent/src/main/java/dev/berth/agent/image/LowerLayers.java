package dev.berth.agent.image;

import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * An image's unpacked layers seen as overlayfs merges them: a path is looked up from the top layer down, a whiteout
 * (character device 0:0) or a non-directory on the way hides the layers below, and so does an opaque directory for
 * what is inside it. Nothing is followed: a symlink in a layer is an entry like any other.
 */
final class LowerLayers {
    private static final byte[] OPAQUE = "y".getBytes(StandardCharsets.US_ASCII);

    /** What the merged layers have at a path. */
    record Found(boolean directory, int mode, int uid, int gid) {}

    /** One layer's answer: what it has at the path, and whether the layers below it can still show the path. */
    private record Look(@Nullable Map<String, Object> attributes, boolean lowerHidden) {}

    private final List<Path> layers;
    private final Syscalls syscalls;

    /** @param layers the layer directories, top first (overlay lowerdir order) */
    LowerLayers(List<Path> layers, Syscalls syscalls) {
        this.layers = List.copyOf(layers);
        this.syscalls = syscalls;
    }

    /** What the merged layers have at {@code path}, or null if nothing. */
    @Nullable Found find(EntryPath path) throws IOException {
        for (Path layer : layers) {
            Look look = look(layer, path);
            if (look.attributes() != null) {
                Map<String, Object> a = look.attributes();
                int mode = (Integer) a.get("mode");
                return new Found((mode & OpenFlags.S_IFMT) == OpenFlags.S_IFDIR, mode & 07777,
                        (Integer) a.get("uid"), (Integer) a.get("gid"));
            }
            if (look.lowerHidden()) {
                return null;
            }
        }
        return null;
    }

    /** The names the merged layers have in directory {@code dir}; empty if it is not a directory there. */
    Set<String> children(EntryPath dir) throws IOException {
        Set<String> names = new TreeSet<>();
        Set<String> hidden = new HashSet<>();
        for (Path layer : layers) {
            Look look = look(layer, dir);
            if (look.attributes() != null && isDirectory(look.attributes())) {
                Set<String> whiteouts = new HashSet<>();
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir.in(layer))) {
                    for (Path entry : entries) {
                        String name = entry.getFileName().toString();
                        Map<String, Object> attributes = stat(entry);
                        if (attributes != null && isWhiteout(attributes)) {
                            whiteouts.add(name);
                        } else if (!hidden.contains(name)) {
                            names.add(name);
                        }
                    }
                }
                // A whiteout hides the layers below its own, not the names found above it.
                hidden.addAll(whiteouts);
            }
            if (look.lowerHidden()) {
                break;
            }
        }
        return names;
    }

    private Look look(Path layer, EntryPath path) throws IOException {
        boolean opaque = false;
        Path current = layer;
        for (String component : path.parent().components()) {
            current = current.resolve(component);
            Map<String, Object> attributes = stat(current);
            if (attributes == null) {
                return new Look(null, opaque);
            }
            if (!isDirectory(attributes)) {
                return new Look(null, true);
            }
            opaque |= isOpaque(current);
        }
        Path target = path.in(layer);
        Map<String, Object> attributes = stat(target);
        if (attributes == null) {
            return new Look(null, opaque);
        }
        if (isWhiteout(attributes)) {
            return new Look(null, true);
        }
        if (isDirectory(attributes)) {
            return new Look(attributes, opaque || isOpaque(target));
        }
        return new Look(attributes, true);
    }

    private boolean isOpaque(Path dir) {
        return syscalls.getXattr(dir.toString(), OverlayWhiteouts.OPAQUE).map(v -> Arrays.equals(v, OPAQUE))
                .orElse(false);
    }

    private static @Nullable Map<String, Object> stat(Path path) throws IOException {
        try {
            return Files.readAttributes(path, "unix:mode,uid,gid,rdev", LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            // NoSuchFileException, or ENOTDIR: nothing there either way
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
            return null;
        }
    }

    private static boolean isDirectory(Map<String, Object> attributes) {
        return ((Integer) attributes.get("mode") & OpenFlags.S_IFMT) == OpenFlags.S_IFDIR;
    }

    static boolean isWhiteout(Map<String, Object> attributes) {
        return ((Integer) attributes.get("mode") & OpenFlags.S_IFMT) == OpenFlags.S_IFCHR
                && (Long) attributes.get("rdev") == 0;
    }
}
