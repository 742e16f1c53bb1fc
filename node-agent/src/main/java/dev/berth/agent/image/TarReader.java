package dev.berth.agent.image;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.jspecify.annotations.Nullable;

/**
 * Reads the entries of a spooled (uncompressed) tar file, ustar, GNU or PAX. Every format error becomes an
 * {@link InvalidLayerException} that says where it happened; since the tar is a local file by now, a read error is the
 * archive's fault, not the network's.
 */
final class TarReader implements Closeable {
    private static final int BLOCK = 512;

    private final TarArchiveInputStream tar;
    private @Nullable TarArchiveEntry current;

    private TarReader(TarArchiveInputStream tar) {
        this.tar = tar;
    }

    /** Opens a tar file, refusing at once anything whose first block is not a tar header. */
    static TarReader open(Path file) {
        @Nullable InputStream in = null;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
            in.mark(BLOCK);
            checkFirstHeader(in.readNBytes(BLOCK));
            in.reset();
            return new TarReader(new TarArchiveInputStream(in));
        } catch (IOException e) {
            closeQuietly(in);
            throw new ImageException("reading the tar " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    static void checkFirstHeader(byte[] header) {
        if (header.length == 0) {
            throw new InvalidLayerException("not a tar archive: the upload is empty (0 bytes)");
        }
        if (header.length < BLOCK) {
            throw new InvalidLayerException("not a tar archive: " + header.length
                    + " bytes, shorter than one 512-byte tar header");
        }
        if (isZeros(header)) {
            return; // an archive with no entries: the caller decides whether that is acceptable
        }
        if (!hasValidChecksum(header)) {
            throw new InvalidLayerException("not a tar archive: the first 512 bytes are not a tar header"
                    + " (bad checksum)");
        }
    }

    private static boolean hasValidChecksum(byte[] header) {
        try {
            return TarUtils.verifyCheckSum(header);
        } catch (IllegalArgumentException e) {
            return false; // the checksum field is not even octal
        }
    }

    private static boolean isZeros(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The next entry, or null at the end of the archive. */
    @Nullable TarArchiveEntry next() {
        try {
            current = tar.getNextEntry();
            return current;
        } catch (IOException | IllegalArgumentException e) {
            String where = current == null ? "not a tar archive: " : "corrupt tar archive after entry '"
                    + current.getName() + "': ";
            throw new InvalidLayerException(where + e.getMessage(), e);
        }
    }

    /** Reads the current entry's content; -1 at its end. */
    int read(byte[] buffer) {
        try {
            return tar.read(buffer, 0, buffer.length);
        } catch (IOException e) {
            String name = current == null ? "?" : current.getName();
            throw new InvalidLayerException("truncated tar archive: entry '" + name + "' is cut short ("
                    + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        closeQuietly(tar);
    }

    private static void closeQuietly(@Nullable Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException ignored) {
            // A read-only file: nothing was lost.
        }
    }
}
