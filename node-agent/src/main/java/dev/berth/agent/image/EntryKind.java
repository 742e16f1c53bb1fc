package dev.berth.agent.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** What a tar entry makes, from its type flag. Anything else (a volume label, a multi-volume part) is refused. */
enum EntryKind {
    DIRECTORY,
    REGULAR,
    SYMLINK,
    HARD_LINK,
    FIFO,
    DEVICE;

    static final String WHITEOUT_PREFIX = ".wh.";

    static EntryKind of(TarArchiveEntry entry) {
        // Order matters: commons-compress reports symlinks and FIFOs as files too.
        if (entry.isSymbolicLink()) {
            return SYMLINK;
        }
        if (entry.isLink()) {
            return HARD_LINK;
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            return DEVICE;
        }
        if (entry.isFIFO()) {
            return FIFO;
        }
        if (entry.isDirectory()) {
            return DIRECTORY;
        }
        byte flag = entry.getLinkFlag();
        if (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG
                || flag == TarConstants.LF_GNUTYPE_SPARSE) {
            return REGULAR;
        }
        throw new InvalidLayerException("entry '" + entry.getName() + "' has unsupported type '"
                + printable(flag) + "'");
    }

    /** An OCI whiteout ({@code .wh.NAME} or the opaque marker {@code .wh..wh..opq}): it hides a lower layer's file. */
    static boolean isWhiteout(EntryPath path) {
        return path.fileName().startsWith(WHITEOUT_PREFIX);
    }

    private static String printable(byte flag) {
        return flag >= 0x20 && flag < 0x7f ? String.valueOf((char) flag) : "\\" + Integer.toOctalString(flag & 0xff);
    }
}
