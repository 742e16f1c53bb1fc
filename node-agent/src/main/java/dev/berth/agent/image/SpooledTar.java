package dev.berth.agent.image;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/**
 * An uploaded tar, decompressed onto local disk with its sha256 (the diff id) computed on the way, so that it is read
 * from the network once and can then be checked, unpacked and kept as a blob.
 *
 * @param file the uncompressed tar
 * @param diffId its sha256
 * @param size its length in bytes
 */
record SpooledTar(Path file, Digest diffId, long size) {
    private static final int MAGIC_LENGTH = 6;

    /** {@link #spool(InputStream, Path, long)} with the default cap. */
    static SpooledTar spool(InputStream upload, Path file) {
        return spool(upload, file, LayerUnpacker.DEFAULT_MAX_SIZE);
    }

    /**
     * Reads {@code upload} (a plain or gzip-compressed tar) to its end into {@code file}, which must not exist. More
     * than {@code maxSize} bytes of tar, as uncompressed, is refused: a gzip bomb stops there, not at a full disk.
     */
    static SpooledTar spool(InputStream upload, Path file, long maxSize) {
        PushbackInputStream in = new PushbackInputStream(upload, MAGIC_LENGTH);
        boolean gzip;
        try {
            byte[] magic = in.readNBytes(MAGIC_LENGTH);
            in.unread(magic);
            gzip = Compression.detect(magic);
        } catch (IOException e) {
            throw new ImageException("reading the upload: " + e.getMessage(), e);
        }
        MessageDigest sha256 = Digest.newSha256();
        long size = 0;
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            InputStream tar = gzip ? new GZIPInputStream(in, 64 * 1024) : in;
            byte[] buffer = new byte[64 * 1024];
            for (int n = tar.read(buffer); n >= 0; n = tar.read(buffer)) {
                size += n;
                if (size > maxSize) {
                    throw new InvalidLayerException("the layer is larger than " + maxSize + " bytes"
                            + (gzip ? " once decompressed" : "") + ", the limit (berth.agent.images.max-layer-size)");
                }
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        } catch (ZipException | EOFException e) {
            if (gzip) {
                throw new InvalidLayerException("not a tar archive: corrupt or truncated gzip data ("
                        + e.getMessage() + ")", e);
            }
            throw new ImageException("reading the upload: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ImageException("spooling the upload to " + file + ": " + e.getMessage(), e);
        }
        return new SpooledTar(file, Digest.of(sha256.digest()), size);
    }

    /** Flushes the file to disk, before it becomes a blob that must outlive a crash. */
    void force() {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            throw new ImageException("syncing " + file + ": " + e.getMessage(), e);
        }
    }

    /** Recognises compressed uploads by their first bytes. */
    static final class Compression {
        private Compression() {}

        /** True for gzip; a plain tar is false; other compressions are refused by name. */
        static boolean detect(byte[] magic) {
            if (startsWith(magic, 0x1f, 0x8b)) {
                return true;
            }
            @Nullable String other = startsWith(magic, 0xfd, '7', 'z', 'X', 'Z', 0x00) ? "xz"
                    : startsWith(magic, 0x28, 0xb5, 0x2f, 0xfd) ? "zstd"
                    : isBzip2(magic) ? "bzip2" : null;
            if (other != null) {
                throw new InvalidLayerException("not a tar archive: it is " + other
                        + "-compressed; send a plain or gzip-compressed tar");
            }
            return false;
        }

        // "BZh", the block size, then the magic of a first block (pi) or of the end of an empty stream (sqrt pi):
        // checking that far keeps a tar whose first file is named BZh1... from looking compressed.
        private static boolean isBzip2(byte[] magic) {
            return magic.length >= 6 && startsWith(magic, 'B', 'Z', 'h') && magic[3] >= '1' && magic[3] <= '9'
                    && ((magic[4] & 0xff) == 0x31 && (magic[5] & 0xff) == 0x41
                        || (magic[4] & 0xff) == 0x17 && (magic[5] & 0xff) == 0x72);
        }

        private static boolean startsWith(byte[] data, int... prefix) {
            if (data.length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if ((data[i] & 0xff) != prefix[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
