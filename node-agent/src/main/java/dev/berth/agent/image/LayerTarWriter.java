package dev.berth.agent.image;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.jspecify.annotations.Nullable;

/**
 * Writes a container's writable layer as an OCI layer tar (uncompressed), the form every image tool reads:
 *
 * <ul>
 *   <li>overlayfs' whiteout (a character device 0:0 named {@code x}) becomes an empty file {@code .wh.x}, and an
 *       opaque directory gets an empty {@code .wh..wh..opq} right after its own entry, as Docker writes them;
 *   <li>modes (setuid, setgid and sticky included), numeric owners, modification times, symlinks, FIFOs and extended
 *       attributes but overlayfs' own are kept; a file with several names in the layer is written once and linked;
 *   <li>other device nodes and sockets are left out: a layer carries no devices, and the unpacker refuses them.
 * </ul>
 *
 * Entries are in walk order, sorted by name, so the same layer always gives the same tar and the same diff id. A file
 * that changes size during the walk (a container that was not frozen) is cut or zero-padded to the size first read.
 */
final class LayerTarWriter implements UpperDir.Visitor {
    private static final int WHITEOUT_MODE = 0600;

    private final TarArchiveOutputStream tar;
    private final Map<List<Long>, String> written = new HashMap<>();
    private final byte[] buffer = new byte[64 * 1024];
    private int skipped;

    private LayerTarWriter(TarArchiveOutputStream tar) {
        this.tar = tar;
    }

    /** Writes the layer to {@code out}, which is left open, and returns how many entries were left out. */
    static int write(UpperDir upper, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new UnclosedStream(out));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        LayerTarWriter writer = new LayerTarWriter(tar);
        upper.walk(writer);
        tar.finish();
        tar.close();
        return writer.skipped;
    }

    @Override
    public boolean visit(UpperDir.Entry entry, UpperDir.Content content) throws IOException {
        String name = entry.path().toString();
        switch (entry.type()) {
            case DIRECTORY -> {
                put(header(name + "/", TarConstants.LF_DIR, entry), null, 0);
                if (entry.opaque()) {
                    put(marker(name + "/" + EntryKind.WHITEOUT_PREFIX + ".wh..opq", entry), null, 0);
                }
            }
            case WHITEOUT -> {
                EntryPath parent = entry.path().parent();
                String hidden = EntryKind.WHITEOUT_PREFIX + entry.path().fileName();
                put(marker(parent.isRoot() ? hidden : parent + "/" + hidden, entry), null, 0);
            }
            case REGULAR -> {
                String first = written.putIfAbsent(entry.fileKey(), name);
                if (first != null) {
                    TarArchiveEntry link = header(name, TarConstants.LF_LINK, entry);
                    link.setLinkName(first);
                    put(link, null, 0);
                } else {
                    TarArchiveEntry file = header(name, TarConstants.LF_NORMAL, entry);
                    file.setSize(entry.size());
                    put(file, content, entry.size());
                }
            }
            case SYMLINK -> {
                TarArchiveEntry link = header(name, TarConstants.LF_SYMLINK, entry);
                link.setLinkName(entry.linkTarget());
                put(link, null, 0);
            }
            case FIFO -> put(header(name, TarConstants.LF_FIFO, entry), null, 0);
            case OTHER -> skipped++;
        }
        return true;
    }

    /** An empty file that stands for a whiteout, with the owner and time of what overlayfs made. */
    private static TarArchiveEntry marker(String name, UpperDir.Entry entry) {
        TarArchiveEntry marker = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        marker.setMode(WHITEOUT_MODE);
        marker.setUserId(entry.uid());
        marker.setGroupId(entry.gid());
        marker.setLastModifiedTime(entry.mtime());
        return marker;
    }

    private static TarArchiveEntry header(String name, byte type, UpperDir.Entry entry) {
        TarArchiveEntry header = new TarArchiveEntry(name, type, true);
        header.setMode(entry.mode());
        header.setUserId(entry.uid());
        header.setGroupId(entry.gid());
        header.setLastModifiedTime(entry.mtime());
        if (type != TarConstants.LF_SYMLINK && type != TarConstants.LF_LINK) {
            TarXattrs.write(header, entry.xattrs());
        }
        return header;
    }

    private void put(TarArchiveEntry header, UpperDir.@Nullable Content content, long size) throws IOException {
        tar.putArchiveEntry(header);
        if (content != null && size > 0) {
            long remaining = size;
            try (InputStream in = content.open()) {
                while (remaining > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                    if (n < 0) {
                        break;
                    }
                    tar.write(buffer, 0, n);
                    remaining -= n;
                }
            }
            if (remaining > 0) {
                Arrays.fill(buffer, (byte) 0);
            }
            while (remaining > 0) {
                int n = (int) Math.min(buffer.length, remaining);
                tar.write(buffer, 0, n);
                remaining -= n;
            }
        }
        tar.closeArchiveEntry();
    }

    /** Keeps the caller's stream open when the tar writer is closed. */
    private static final class UnclosedStream extends FilterOutputStream {
        UnclosedStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
