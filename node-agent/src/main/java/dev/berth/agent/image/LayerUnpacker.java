package dev.berth.agent.image;

import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.Syscalls;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.jspecify.annotations.Nullable;

/**
 * Unpacks a layer tar into a fresh directory, safely: nothing it writes lands outside that directory.
 *
 * <ul>
 *   <li>An absolute entry name, or one whose {@code ..} climbs above the root, is refused ({@link EntryPath}).
 *   <li>Symlinks are never followed while unpacking: every parent of an entry is checked, component by component,
 *       without following links, and an entry below a symlink ({@code evil -> /etc}, then {@code evil/passwd}) is
 *       refused. Symlinks themselves may point anywhere; {@code /bin/sh -> /bin/busybox} is normal.
 *   <li>A hard link must name an earlier entry, inside the root and not through a symlink.
 *   <li>Block and character devices are never made: a container gets its own {@code /dev}. {@link Devices} says
 *       whether they are skipped (a rootfs) or refused (an image layer). FIFOs are made with mknod.
 *   <li>Whiteouts go to a {@link Whiteouts} policy. One that names no file ({@code .wh.}, {@code .wh..},
 *       {@code .wh...}) is refused; aufs' own metadata ({@code .wh..wh.plnk} and the like) is skipped, as Docker does.
 *   <li>Modes go on with {@link Syscalls#chmod} after the content and after {@link Syscalls#lchown}, which would clear
 *       setuid. Directories get theirs last, deepest first, so that a read-only directory can still be filled.
 *       Modification times are kept.
 *   <li>setuid and setgid bits are kept, as the OCI spec and Docker keep them: images rely on them ({@code su},
 *       {@code passwd}, {@code ping}). On the host they are harmless, since the image store is mode 0700 and no user
 *       but root reaches a layer; in a container they work as in the image, within the container's capabilities.
 *   <li>Extended attributes of files and directories ({@code SCHILY.xattr.*}, {@code LIBARCHIVE.xattr.*}) are kept
 *       for {@code user.*} and {@code security.capability}, set after lchown (which would clear a capability). Any
 *       other is dropped: above all {@code trusted.overlay.*}, with which a layer could forge overlayfs metadata.
 *   <li>The content unpacked is capped ({@code maxSize}): a small archive of sparse or highly compressible entries
 *       cannot fill the disk.
 *   <li>A later entry replaces an earlier file, symlink or FIFO of the same name, as tar does, and a directory entry
 *       may replace one of them. A directory is never replaced by anything else: that entry is refused, since it
 *       would silently drop what the directory holds.
 * </ul>
 *
 * Any refusal throws {@link InvalidLayerException} naming the entry, and removes the target directory.
 */
public final class LayerUnpacker {
    // Directories are made owner-only while they are filled; their own mode goes on at the end.
    private static final FileAttribute<Set<PosixFilePermission>> FILLING_DIR_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final long MAX_ID = 0xFFFF_FFFEL;

    /** 8 GiB: the default cap on what one layer unpacks to ({@code berth.agent.images.max-layer-size}). */
    public static final long DEFAULT_MAX_SIZE = 8L << 30;
    private static final String AUFS_METADATA = ".wh..wh.";
    private static final String OPAQUE_MARKER = ".wh..opq";

    /** What block and character devices in an archive become. */
    public enum Devices {
        /**
         * Skipped and counted: a rootfs tar (debootstrap, {@code docker export}) carries {@code /dev} nodes, and a
         * container gets its own {@code /dev}.
         */
        SKIP,
        /**
         * Refused, as a device node elsewhere in an image layer is a sign of a crafted archive, but for two forms:
         * a character device 0:0 is overlayfs' form of a whiteout and goes to the {@link Whiteouts} policy, and a
         * device below {@code dev/} is skipped, since a layer made from an imported rootfs carries its {@code /dev}
         * nodes and a container gets its own {@code /dev} anyway.
         */
        REFUSE
    }

    private final Syscalls syscalls;
    private final Whiteouts whiteouts;
    private final Devices devices;
    private final long maxSize;

    /** For a rootfs: devices skipped, the default size cap. */
    public LayerUnpacker(Syscalls syscalls, Whiteouts whiteouts) {
        this(syscalls, whiteouts, Devices.SKIP, DEFAULT_MAX_SIZE);
    }

    /** @param maxSize the most bytes of file content the layer may unpack to */
    public LayerUnpacker(Syscalls syscalls, Whiteouts whiteouts, Devices devices, long maxSize) {
        this.syscalls = syscalls;
        this.whiteouts = whiteouts;
        this.devices = devices;
        this.maxSize = maxSize;
    }

    /** Unpacks {@code tar} into {@code target}, which must not exist yet. */
    public UnpackedLayer unpack(Path tar, Path target) {
        try {
            Files.createDirectory(target);
        } catch (IOException e) {
            throw new ImageException("creating " + target + ": " + e.getMessage(), e);
        }
        try (TarReader reader = TarReader.open(tar)) {
            return new Extraction(target, reader).run();
        } catch (RuntimeException e) {
            try {
                FileTrees.delete(target);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The ownership, mode, time and extended attributes an entry asks for. */
    private record Attributes(int mode, int uid, int gid, @Nullable FileTime mtime, Map<String, byte[]> xattrs) {
        // What tar gives a directory it has to make for an entry whose parent was not in the archive.
        static final Attributes IMPLICIT_DIR = new Attributes(0755, 0, 0, null, Map.of());

        static Attributes of(TarArchiveEntry entry) {
            Map<String, byte[]> kept = new TreeMap<>(TarXattrs.read(entry));
            kept.keySet().removeIf(name -> !keptXattr(name));
            return new Attributes(entry.getMode() & 07777, id(entry, "uid", entry.getLongUserId()),
                    id(entry, "gid", entry.getLongGroupId()), entry.getLastModifiedTime(), kept);
        }

        private static boolean keptXattr(String name) {
            return name.startsWith("user.") || name.equals("security.capability");
        }

        private static int id(TarArchiveEntry entry, String what, long value) {
            if (value < 0 || value > MAX_ID) {
                throw new InvalidLayerException("entry '" + entry.getName() + "' has " + what + " " + value
                        + ", out of range");
            }
            return (int) value;
        }
    }

    /** The state of one unpack. */
    private final class Extraction {
        private final Path root;
        private final TarReader reader;
        private final Map<EntryPath, Attributes> directories = new HashMap<>();
        // Paths checked to be real directories. A directory is never replaced, so an entry here stays valid and the
        // parents of most entries need no system call.
        private final Set<EntryPath> knownDirectories = new HashSet<>();
        private final byte[] buffer = new byte[64 * 1024];
        private long size;
        private int entries;
        private int deviceCount;
        private int whiteoutCount;

        Extraction(Path root, TarReader reader) {
            this.root = root;
            this.reader = reader;
            directories.put(EntryPath.ROOT, Attributes.IMPLICIT_DIR);
            knownDirectories.add(EntryPath.ROOT);
        }

        UnpackedLayer run() {
            for (TarArchiveEntry entry = reader.next(); entry != null; entry = reader.next()) {
                entries++;
                try {
                    extract(entry);
                } catch (InvalidPathException e) {
                    throw new InvalidLayerException("entry '" + entry.getName()
                            + "' has a name this system cannot represent: " + e.getMessage(), e);
                } catch (IOException e) {
                    throw new ImageException("unpacking entry '" + entry.getName() + "' into " + root + ": "
                            + e.getMessage(), e);
                }
            }
            finishDirectories();
            return new UnpackedLayer(size, entries, deviceCount, whiteoutCount);
        }

        private void extract(TarArchiveEntry entry) throws IOException {
            String name = entry.getName();
            EntryPath path = EntryPath.of(name);
            EntryKind kind = EntryKind.of(entry);
            if (path.components().stream().anyMatch(component -> component.startsWith(AUFS_METADATA)
                    && !component.equals(EntryKind.WHITEOUT_PREFIX + OPAQUE_MARKER))) {
                return;
            }
            if (kind == EntryKind.DEVICE) {
                device(entry, path);
                return;
            }
            if (EntryKind.isWhiteout(path)) {
                whiteout(path, name);
                return;
            }
            Attributes attributes = Attributes.of(entry);
            if (path.isRoot()) {
                if (kind != EntryKind.DIRECTORY) {
                    throw new InvalidLayerException("entry '" + name + "' names the root but is not a directory");
                }
                directories.put(path, attributes);
                return;
            }
            Path parent = directory(path.parent(), name);
            Path target = parent.resolve(path.fileName());
            @Nullable BasicFileAttributes existing = FileTrees.lstat(target);
            if (kind == EntryKind.DIRECTORY) {
                if (existing == null || !existing.isDirectory()) {
                    if (existing != null) {
                        Files.delete(target);
                    }
                    makeDirectory(target);
                }
                knownDirectories.add(path);
                directories.put(path, attributes);
                return;
            }
            if (existing != null && existing.isDirectory()) {
                throw new InvalidLayerException("entry '" + name + "' would replace the directory '" + path
                        + "' that an earlier entry made; a directory is never replaced by a file");
            }
            switch (kind) {
                case HARD_LINK -> hardLink(entry, path, target, existing != null);
                case REGULAR -> {
                    deleteIfPresent(target, existing);
                    writeContent(target);
                    setOwnerModeAndTime(target, attributes, EntryKind.REGULAR);
                }
                case SYMLINK -> {
                    String linkTarget = entry.getLinkName();
                    if (linkTarget.isEmpty()) {
                        throw new InvalidLayerException("symlink '" + name + "' has an empty target");
                    }
                    deleteIfPresent(target, existing);
                    Files.createSymbolicLink(target, Path.of(linkTarget));
                    setOwnerModeAndTime(target, attributes, EntryKind.SYMLINK);
                }
                case FIFO -> {
                    deleteIfPresent(target, existing);
                    syscalls.mknod(target.toString(), OpenFlags.S_IFIFO | 0600, 0);
                    setOwnerModeAndTime(target, attributes, EntryKind.FIFO);
                }
                default -> throw new IllegalStateException("unhandled entry kind " + kind);
            }
        }

        private void device(TarArchiveEntry entry, EntryPath path) throws IOException {
            if (devices == Devices.SKIP) {
                deviceCount++;
                return;
            }
            if (entry.isCharacterDevice() && entry.getDevMajor() == 0 && entry.getDevMinor() == 0) {
                whiteoutCount++;
                whiteouts.hide(directory(path.parent(), entry.getName()), checkedHidden(path.fileName(),
                        entry.getName()));
                return;
            }
            if (path.depth() > 1 && path.first().equals("dev")) {
                deviceCount++;
                return;
            }
            throw new InvalidLayerException("entry '" + entry.getName() + "' is a "
                    + (entry.isBlockDevice() ? "block" : "character") + " device (" + entry.getDevMajor() + ":"
                    + entry.getDevMinor() + ") outside /dev; an image layer may not carry device nodes");
        }

        private void whiteout(EntryPath path, String name) throws IOException {
            whiteoutCount++;
            String hidden = path.fileName().substring(EntryKind.WHITEOUT_PREFIX.length());
            if (hidden.equals(OPAQUE_MARKER)) {
                whiteouts.makeOpaque(directory(path.parent(), name));
            } else {
                whiteouts.hide(directory(path.parent(), name), checkedHidden(hidden, name));
            }
        }

        // Such a name would make the whiteout policy act on the directory itself or its parent.
        private static String checkedHidden(String hidden, String entryName) {
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw new InvalidLayerException("whiteout '" + entryName + "' names no file it could hide");
            }
            return hidden;
        }

        /**
         * The directory {@code dir}, made (with tar's defaults) where an entry's parent was not in the archive. Each
         * component is looked at without following links: a symlink or a file on the way is refused.
         */
        private Path directory(EntryPath dir, String entryName) throws IOException {
            EntryPath walked = EntryPath.ROOT;
            Path current = root;
            for (String component : dir.components()) {
                walked = walked.child(component);
                current = current.resolve(component);
                if (knownDirectories.contains(walked)) {
                    continue;
                }
                BasicFileAttributes attributes = FileTrees.lstat(current);
                if (attributes == null) {
                    makeDirectory(current);
                    directories.put(walked, Attributes.IMPLICIT_DIR);
                } else if (attributes.isSymbolicLink()) {
                    throw new InvalidLayerException("entry '" + entryName + "' would be written through the symlink '"
                            + walked + "'");
                } else if (!attributes.isDirectory()) {
                    throw new InvalidLayerException("entry '" + entryName + "' is below '" + walked
                            + "', which is not a directory");
                }
                knownDirectories.add(walked);
            }
            return current;
        }

        private void hardLink(TarArchiveEntry entry, EntryPath path, Path target, boolean replacing)
                throws IOException {
            String name = entry.getName();
            EntryPath linked = EntryPath.linkTarget(name, entry.getLinkName());
            if (linked.equals(path)) {
                return; // a link to itself: the file is already there
            }
            Path existing = existingEntry(linked, name);
            if (replacing) {
                Files.delete(target);
            }
            // link(2) does not follow a symlink it is given: a hard link to a symlink links the symlink itself.
            Files.createLink(target, existing);
        }

        /** The file an earlier entry made at {@code linked}, reached without passing through a symlink. */
        private Path existingEntry(EntryPath linked, String linkName) throws IOException {
            EntryPath walked = EntryPath.ROOT;
            for (String component : linked.parent().components()) {
                walked = walked.child(component);
                if (knownDirectories.contains(walked)) {
                    continue;
                }
                BasicFileAttributes attributes = FileTrees.lstat(walked.in(root));
                if (attributes != null && attributes.isSymbolicLink()) {
                    throw new InvalidLayerException("hard link '" + linkName + "' points through the symlink '"
                            + walked + "'");
                }
                throw new InvalidLayerException("hard link '" + linkName + "' points to '" + linked
                        + "', which no earlier entry made");
            }
            Path file = linked.in(root);
            BasicFileAttributes attributes = FileTrees.lstat(file);
            if (attributes == null) {
                throw new InvalidLayerException("hard link '" + linkName + "' points to '" + linked
                        + "', which no earlier entry made");
            }
            if (attributes.isDirectory()) {
                throw new InvalidLayerException("hard link '" + linkName + "' points to the directory '" + linked
                        + "'");
            }
            return file;
        }

        private void writeContent(Path target) throws IOException {
            // CREATE_NEW (O_EXCL) never follows a symlink at the last component, and the parents were checked.
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                    size += n;
                    if (size > maxSize) {
                        throw new InvalidLayerException("the layer unpacks to more than " + maxSize + " bytes, the"
                                + " limit (berth.agent.images.max-layer-size); refused at entry '"
                                + root.relativize(target) + "'");
                    }
                    out.write(buffer, 0, n);
                }
            }
        }

        private void makeDirectory(Path dir) throws IOException {
            Files.createDirectory(dir, FILLING_DIR_MODE);
        }

        private void deleteIfPresent(Path target, @Nullable BasicFileAttributes existing) throws IOException {
            if (existing != null) {
                Files.delete(target);
            }
        }

        private void setOwnerModeAndTime(Path target, Attributes attributes, EntryKind kind) throws IOException {
            String where = target.toString();
            syscalls.lchown(where, attributes.uid(), attributes.gid());
            if (kind != EntryKind.SYMLINK) {
                // After lchown: changing the owner clears setuid and setgid. Never on a symlink: chmod follows it.
                syscalls.chmod(where, attributes.mode());
            }
            if (kind == EntryKind.REGULAR || kind == EntryKind.DIRECTORY) {
                // After lchown too, which drops security.capability; symlinks and FIFOs take no user.* attributes.
                attributes.xattrs().forEach((name, value) -> syscalls.setXattr(where, name, value));
            }
            // Java sets times through an open descriptor, and opening a FIFO blocks until a writer comes: FIFOs keep
            // the time they were made. Symlinks work: the NOFOLLOW open fails and Java falls back to lutimes.
            if (attributes.mtime() != null && kind != EntryKind.FIFO) {
                Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(attributes.mtime(), null, null);
            }
        }

        private void finishDirectories() {
            List<Map.Entry<EntryPath, Attributes>> deepestFirst = new ArrayList<>(directories.entrySet());
            deepestFirst.sort(Comparator.comparingInt((Map.Entry<EntryPath, Attributes> e) -> e.getKey().depth())
                    .reversed());
            for (Map.Entry<EntryPath, Attributes> directory : deepestFirst) {
                Path dir = directory.getKey().in(root);
                try {
                    setOwnerModeAndTime(dir, directory.getValue(), EntryKind.DIRECTORY);
                } catch (IOException e) {
                    throw new ImageException("setting the time of " + dir + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
