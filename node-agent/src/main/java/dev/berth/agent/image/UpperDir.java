package dev.berth.agent.image;

import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A container's writable layer as overlayfs keeps it (the upperdir), walked parents first and siblings by name. What
 * overlayfs wrote is read as what it means:
 *
 * <ul>
 *   <li>a character device 0:0 is a whiteout: the file of that name in the layers below was deleted;
 *   <li>a directory with {@code trusted.overlay.opaque=y} replaced the one below, whose content is hidden;
 *   <li>the other {@code trusted.overlay.*} attributes are overlayfs' bookkeeping and are left out.
 * </ul>
 *
 * <p>Directories are listed and files opened through {@link SecureDirectoryStream}, relative to the already open
 * directory and never following a symlink: a container that runs meanwhile cannot make the agent read a host file by
 * swapping one of its directories for a symlink. Metadata is read by path, which at worst misdescribes an entry that
 * changes under the walk; a commit freezes the container first.
 */
final class UpperDir {
    static final String OVERLAY_XATTR_PREFIX = "trusted.overlay.";
    private static final byte[] OPAQUE = "y".getBytes(StandardCharsets.US_ASCII);
    private static final String ATTRIBUTES = "unix:mode,uid,gid,size,rdev,ino,dev,lastModifiedTime";

    enum Type {
        DIRECTORY,
        REGULAR,
        SYMLINK,
        FIFO,
        /** overlayfs' whiteout: the file of this name below was deleted */
        WHITEOUT,
        /** any other device node, or a socket: nothing a layer can carry */
        OTHER
    }

    /**
     * One entry of the upperdir.
     *
     * @param mode the permission bits, setuid, setgid and sticky included
     * @param fileKey the inode (device and number): equal for hard links of one file
     * @param opaque a directory that hides what the layers below have in it
     * @param linkTarget a symlink's target
     * @param xattrs extended attributes but overlayfs' own
     */
    record Entry(EntryPath path, Type type, int mode, int uid, int gid, FileTime mtime, long size, List<Long> fileKey,
                 boolean opaque, @Nullable String linkTarget, Map<String, byte[]> xattrs) {}

    /** The content of a regular file, opened on demand during its visit. */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }

    interface Visitor {
        /**
         * Called for every entry, parents before their content. {@code content} opens a regular file's bytes.
         *
         * @return for a directory, whether to walk into it
         */
        boolean visit(Entry entry, Content content) throws IOException;

        /** Called after a directory's content. */
        default void leave(Entry directory) throws IOException {}
    }

    private static final Content NO_CONTENT = () -> InputStream.nullInputStream();

    private final Path root;
    private final Syscalls syscalls;
    private final Set<EntryPath> excluded;

    /**
     * @param excluded paths left out with everything below them: the mountpoints the runtime made in the layer, such
     *     as {@code etc/hosts}, which belong to the runtime and not to the container's changes
     */
    UpperDir(Path root, Syscalls syscalls, Set<EntryPath> excluded) {
        this.root = root;
        this.syscalls = syscalls;
        this.excluded = Set.copyOf(excluded);
    }

    void walk(Visitor visitor) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) {
            walk(secure(stream), root, EntryPath.ROOT, visitor);
        }
    }

    private void walk(SecureDirectoryStream<Path> dir, Path hostDir, EntryPath path, Visitor visitor)
            throws IOException {
        List<String> names = new ArrayList<>();
        for (Path child : dir) {
            names.add(child.getFileName().toString());
        }
        Collections.sort(names);
        for (String name : names) {
            EntryPath childPath = path.child(name);
            if (excluded.contains(childPath)) {
                continue;
            }
            Path host = hostDir.resolve(name);
            Entry entry = read(childPath, host);
            if (entry == null) {
                continue; // gone meanwhile: the container still runs
            }
            Path relative = hostDir.getFileSystem().getPath(name);
            switch (entry.type()) {
                case DIRECTORY -> {
                    if (visitor.visit(entry, NO_CONTENT)) {
                        try (SecureDirectoryStream<Path> child = dir.newDirectoryStream(relative,
                                LinkOption.NOFOLLOW_LINKS)) {
                            walk(child, host, childPath, visitor);
                        }
                    }
                    visitor.leave(entry);
                }
                case REGULAR -> visitor.visit(entry, () -> Channels.newInputStream(dir.newByteChannel(relative,
                        Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))));
                default -> visitor.visit(entry, NO_CONTENT);
            }
        }
    }

    private @Nullable Entry read(EntryPath path, Path host) throws IOException {
        Map<String, Object> stat;
        try {
            stat = Files.readAttributes(host, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        int mode = (Integer) stat.get("mode");
        Type type = switch (mode & OpenFlags.S_IFMT) {
            case OpenFlags.S_IFDIR -> Type.DIRECTORY;
            case OpenFlags.S_IFREG -> Type.REGULAR;
            case OpenFlags.S_IFLNK -> Type.SYMLINK;
            case OpenFlags.S_IFIFO -> Type.FIFO;
            case OpenFlags.S_IFCHR -> (Long) stat.get("rdev") == 0 ? Type.WHITEOUT : Type.OTHER;
            default -> Type.OTHER;
        };
        Map<String, byte[]> xattrs = new TreeMap<>();
        boolean opaque = false;
        if (type != Type.WHITEOUT && type != Type.OTHER) {
            for (String name : syscalls.listXattrs(host.toString())) {
                byte @Nullable [] value = syscalls.getXattr(host.toString(), name).orElse(null);
                if (value == null) {
                    continue;
                }
                if (name.equals(OverlayWhiteouts.OPAQUE)) {
                    opaque = type == Type.DIRECTORY && Arrays.equals(value, OPAQUE);
                } else if (!name.startsWith(OVERLAY_XATTR_PREFIX)) {
                    xattrs.put(name, value);
                }
            }
        }
        String linkTarget = null;
        if (type == Type.SYMLINK) {
            try {
                linkTarget = Files.readSymbolicLink(host).toString();
            } catch (FileSystemException e) {
                return null;
            }
        }
        return new Entry(path, type, mode & 07777, (Integer) stat.get("uid"), (Integer) stat.get("gid"),
                (FileTime) stat.get("lastModifiedTime"), (Long) stat.get("size"),
                List.of((Long) stat.get("dev"), (Long) stat.get("ino")), opaque, linkTarget, xattrs);
    }

    private static SecureDirectoryStream<Path> secure(DirectoryStream<Path> stream) {
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        throw new ImageException("this platform offers no SecureDirectoryStream; a layer cannot be read safely");
    }
}
