package dev.berth.logs.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.logs.client.Stream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineFormatTest {
    private static final StreamKey KEY = new StreamKey("web-1", Stream.STDERR);
    private static final long NOON = 1_764_331_200_000_000_000L;

    private static String json(LogLine line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineFormat.json(line, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String text(LogLine line, boolean timestamps) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineFormat.text(line, timestamps, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aWholeLineHasNoMarkAndAPieceIsMarkedPartial() {
        byte[] bytes = "say \"hi\"\t\\".getBytes(StandardCharsets.UTF_8);
        LogLine whole = new LogLine(KEY, 0, 11, NOON, bytes, true, false, "e=11");
        LogLine piece = new LogLine(KEY, 11, 21, NOON, bytes, false, false, "e=21");

        assertThat(json(whole)).isEqualTo("{\"id\":\"e=11\",\"ts\":\"2025-11-28T12:00:00.000000000Z\","
                + "\"container\":\"web-1\",\"stream\":\"stderr\",\"line\":\"say \\\"hi\\\"\\t\\\\\"}");
        assertThat(json(piece)).endsWith("\"line\":\"say \\\"hi\\\"\\t\\\\\",\"partial\":true}");
        // As text, a piece is its bytes exactly: the next piece continues it on the same line.
        assertThat(text(piece, false)).isEqualTo("say \"hi\"\t\\");
        assertThat(text(whole, false)).isEqualTo("say \"hi\"\t\\\n");
        assertThat(text(whole, true)).isEqualTo("2025-11-28T12:00:00.000000000Z say \"hi\"\t\\\n");
    }

    @Test
    void bytesThatAreNotUtf8ComeAsBase64() {
        LogLine binary = new LogLine(KEY, 0, 2, NOON, new byte[] {(byte) 0xff, 0}, true, false, "e=2");

        assertThat(json(binary)).endsWith("\"bytes\":\"/wA=\"}");
    }
}
