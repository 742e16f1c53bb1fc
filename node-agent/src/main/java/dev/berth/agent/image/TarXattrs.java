package dev.berth.agent.image;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.jspecify.annotations.Nullable;

/**
 * Extended attributes in tar's PAX headers. Text values go in {@code SCHILY.xattr.NAME}, the record every tar reads.
 * Binary ones, such as {@code security.capability}, go in libarchive's {@code LIBARCHIVE.xattr.NAME} as base64:
 * commons-compress reads and writes PAX values as UTF-8 strings, so raw bytes would not survive it.
 *
 * <p>Reading, a {@code SCHILY.xattr} value that was not UTF-8 (raw bytes written by GNU tar or Go) has already been
 * damaged by that decoding; it is dropped rather than written wrong.
 */
final class TarXattrs {
    private static final String SCHILY = "SCHILY.xattr.";
    private static final String LIBARCHIVE = "LIBARCHIVE.xattr.";

    private TarXattrs() {}

    static void write(TarArchiveEntry entry, Map<String, byte[]> xattrs) {
        xattrs.forEach((name, value) -> {
            String text = utf8(value);
            if (text != null) {
                entry.addPaxHeader(SCHILY + name, text);
            } else {
                entry.addPaxHeader(LIBARCHIVE + URLEncoder.encode(name, StandardCharsets.UTF_8),
                        Base64.getEncoder().encodeToString(value));
            }
        });
    }

    /** The attributes an entry carries, by name; those whose value was damaged in reading are left out. */
    static Map<String, byte[]> read(TarArchiveEntry entry) {
        Map<String, byte[]> xattrs = new TreeMap<>();
        for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
            String key = header.getKey();
            if (key.startsWith(SCHILY) && !header.getValue().contains("\uFFFD")) {
                xattrs.put(key.substring(SCHILY.length()), header.getValue().getBytes(StandardCharsets.UTF_8));
            } else if (key.startsWith(LIBARCHIVE)) {
                try {
                    xattrs.put(URLDecoder.decode(key.substring(LIBARCHIVE.length()), StandardCharsets.UTF_8),
                            Base64.getDecoder().decode(header.getValue()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidLayerException("entry '" + entry.getName() + "' has a malformed " + key
                            + " header: " + e.getMessage(), e);
                }
            }
        }
        return xattrs;
    }

    private static @Nullable String utf8(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
