package dev.berth.cli.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes small ustar archives byte by byte. The tar tool strips a leading {@code ../} and so cannot make the hostile
 * archives that the agent must refuse; this writes every name exactly as given.
 */
final class TarArchive {

    private static final int BLOCK = 512;
    private static final char DIRECTORY = '5';
    private static final char FILE = '0';

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    TarArchive directory(String name) {
        header(name, DIRECTORY, 0755, 0);
        return this;
    }

    TarArchive file(String name, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        header(name, FILE, 0644, data.length);
        bytes.writeBytes(data);
        pad(data.length);
        return this;
    }

    Path writeTo(Path tar) {
        try {
            // The end of an archive is two zero blocks.
            return Files.write(tar, Arrays.copyOf(bytes.toByteArray(), bytes.size() + 2 * BLOCK));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tar, e);
        }
    }

    private void header(String name, char type, int mode, long size) {
        byte[] block = new byte[BLOCK];
        put(block, 0, 100, name);
        put(block, 100, 8, octal(mode, 7));
        put(block, 108, 8, octal(0, 7));
        put(block, 116, 8, octal(0, 7));
        put(block, 124, 12, octal(size, 11));
        put(block, 136, 12, octal(0, 11));
        block[156] = (byte) type;
        put(block, 257, 6, "ustar");
        put(block, 263, 2, "00");
        // The checksum is taken with its own field read as eight spaces.
        put(block, 148, 8, "        ");
        long sum = 0;
        for (byte b : block) {
            sum += b & 0xff;
        }
        put(block, 148, 8, octal(sum, 6) + "\0 ");
        bytes.writeBytes(block);
    }

    private void pad(int written) {
        int rest = written % BLOCK;
        if (rest != 0) {
            bytes.writeBytes(new byte[BLOCK - rest]);
        }
    }

    private static String octal(long value, int digits) {
        String text = Long.toOctalString(value);
        return "0".repeat(Math.max(0, digits - text.length())) + text;
    }

    private static void put(byte[] block, int offset, int length, String value) {
        byte[] encoded = value.getBytes(StandardCharsets.US_ASCII);
        if (encoded.length > length) {
            throw new IllegalArgumentException("'" + value + "' does not fit in " + length + " bytes of a tar header");
        }
        System.arraycopy(encoded, 0, block, offset, encoded.length);
    }
}
