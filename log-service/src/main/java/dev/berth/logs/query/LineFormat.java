package dev.berth.logs.query;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * How lines are written out. Plain text is the line's bytes as they are and its newline (none for a line whose end
 * has not arrived, so that the text is the stream's bytes exactly), after the time and a space with timestamps. A JSON line is {@code {"id","ts","container","stream","line"}}, or {@code "bytes"}
 * (base64) instead of {@code "line"} when the bytes are not valid UTF-8, so that nothing is lost or mangled, and
 * {@code "partial":true} after it when the line does not end there.
 */
public final class LineFormat {
    private static final DateTimeFormatter RFC3339_NANOS = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private LineFormat() {}

    /** RFC 3339 with nanoseconds, in UTC: docker's {@code --timestamps} form. */
    public static String time(long epochNanos) {
        return RFC3339_NANOS.format(Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L)));
    }

    public static void text(LogLine line, boolean timestamps, ByteArrayOutputStream out) {
        if (timestamps) {
            out.writeBytes(time(line.timeNs()).getBytes(StandardCharsets.US_ASCII));
            out.write(' ');
        }
        out.writeBytes(line.bytes());
        // Without timestamps the text is the stream's bytes exactly: a line whose end has not arrived gets none.
        if (line.complete() || timestamps) {
            out.write('\n');
        }
    }

    /** One JSON object, without a newline after it. */
    public static void json(LogLine line, ByteArrayOutputStream out) {
        out.writeBytes("{\"id\":\"".getBytes(StandardCharsets.US_ASCII));
        escape(line.id() == null ? "" : line.id(), out);
        out.writeBytes(("\",\"ts\":\"" + time(line.timeNs()) + "\",\"container\":\"" + line.key().container()
                + "\",\"stream\":\"" + line.key().stream().wireName()).getBytes(StandardCharsets.US_ASCII));
        String text = utf8(line.bytes());
        if (text != null) {
            out.writeBytes("\",\"line\":\"".getBytes(StandardCharsets.US_ASCII));
            escape(text, out);
        } else {
            out.writeBytes("\",\"bytes\":\"".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(Base64.getEncoder().encode(line.bytes()));
        }
        // The continuation mark: the line goes on in the next record of its stream (a piece of a line longer than
        // max-line), or its end has not arrived (yet, or ever: the bytes after it were dropped).
        out.writeBytes((line.complete() ? "\"}" : "\",\"partial\":true}").getBytes(StandardCharsets.US_ASCII));
    }

    /** The bytes as a string if they are valid UTF-8, else null. */
    static @org.jspecify.annotations.Nullable String utf8(byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void escape(String text, ByteArrayOutputStream out) {
        int plainFrom = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.writeBytes(text.substring(plainFrom, i).getBytes(StandardCharsets.UTF_8));
            plainFrom = i + 1;
            switch (c) {
                case '"' -> out.writeBytes(new byte[] {'\\', '"'});
                case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
                default -> out.writeBytes(new byte[] {'\\', 'u', '0', '0', HEX[c >> 4], HEX[c & 0xf]});
            }
        }
        out.writeBytes(text.substring(plainFrom).getBytes(StandardCharsets.UTF_8));
    }
}
