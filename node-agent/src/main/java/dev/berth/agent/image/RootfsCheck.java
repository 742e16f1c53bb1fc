package dev.berth.agent.image;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Checks that a tar is a rootfs before anything is unpacked, reading only its headers: a refused tar costs no disk,
 * and the check holds when the layer it would make already exists.
 *
 * <p>Refused: anything that is not a tar, a name that is absolute or escapes the root, an entry type Berth does not
 * make, an archive with no files, and an archive whose every entry sits under one directory that is not a usual
 * top-level directory of a root filesystem, the mark of {@code tar -cf x.tar rootfs/}.
 */
final class RootfsCheck {
    // Top-level directories of a Linux root filesystem (FHS, plus the multilib and merged-usr ones). An archive that
    // holds only one of these, such as only usr/, is still a plausible rootfs.
    private static final Set<String> ROOTFS_DIRECTORIES = Set.of("bin", "boot", "dev", "etc", "home", "lib",
            "lib32", "lib64", "libx32", "media", "mnt", "opt", "proc", "root", "run", "sbin", "srv", "sys", "tmp",
            "usr", "var");

    private RootfsCheck() {}

    static void check(Path tar) {
        int files = 0;
        Set<String> topLevel = new TreeSet<>();
        boolean topLevelIsDirectory = false;
        boolean topLevelIsOther = false;
        try (TarReader reader = TarReader.open(tar)) {
            for (TarArchiveEntry entry = reader.next(); entry != null; entry = reader.next()) {
                EntryPath path = EntryPath.of(entry.getName());
                EntryKind kind = EntryKind.of(entry);
                if (kind == EntryKind.HARD_LINK) {
                    EntryPath.linkTarget(entry.getName(), entry.getLinkName());
                }
                if (path.isRoot() || EntryKind.isWhiteout(path)) {
                    continue;
                }
                files++;
                topLevel.add(path.first());
                topLevelIsDirectory |= path.depth() > 1 || kind == EntryKind.DIRECTORY;
                // A top-level symlink with entries below it is no wrapping directory: the unpacker refuses it.
                topLevelIsOther |= path.depth() == 1 && kind != EntryKind.DIRECTORY;
            }
        }
        if (files == 0) {
            throw new InvalidLayerException("not a rootfs: the archive is empty; make it from the root directory"
                    + " with `tar -C rootfs -cf rootfs.tar .`");
        }
        String dir = topLevel.size() == 1 ? topLevel.iterator().next() : "";
        if (topLevel.size() == 1 && topLevelIsDirectory && !topLevelIsOther && !ROOTFS_DIRECTORIES.contains(dir)) {
            throw new InvalidLayerException("not a rootfs: every entry is under the directory '" + dir
                    + "/'; make the tar from inside it, with `tar -C " + dir + " -cf " + dir + ".tar .`");
        }
    }
}
