package dev.berth.logs.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.logs.client.Stream;
import dev.berth.logs.store.ArrivalMarks;
import dev.berth.logs.store.Chunk;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private static final StreamKey KEY = new StreamKey("c", Stream.STDOUT);

    private static Chunk chunk(long start, String data, long time) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        ArrivalMarks.Builder marks = new ArrivalMarks.Builder();
        marks.mark(0, time);
        return new Chunk("t", "a", "c", 1, start, start + bytes.length, time, time, 0, true, marks.toByteArray(),
                bytes);
    }

    private static List<String> drain(LineSplitter splitter) {
        List<String> lines = new ArrayList<>();
        for (LogLine line = splitter.ready().poll(); line != null; line = splitter.ready().poll()) {
            lines.add((line.skip() ? "skip:" : "") + new String(line.bytes(), StandardCharsets.UTF_8)
                    + "@" + line.start() + "-" + line.end() + (line.complete() ? "" : "~"));
        }
        return lines;
    }

    @Test
    void linesAreReassembledAcrossChunks() {
        LineSplitter splitter = new LineSplitter(KEY, 1 << 20, false);
        splitter.feed(chunk(0, "one\ntw", 1), 0);
        splitter.feed(chunk(6, "o and", 2), 0);
        splitter.feed(chunk(11, " more\nthree", 3), 0);
        assertThat(drain(splitter)).containsExactly("one@0-4", "two and more@4-17");
        assertThat(splitter.hasPending()).isTrue();
        splitter.flush();
        List<LogLine> last = new ArrayList<>(splitter.ready());
        assertThat(last.getFirst().timeNs()).isEqualTo(3);
        assertThat(drain(splitter)).containsExactly("three@17-22~");
    }

    @Test
    void aLineTakesTheTimeOfItsFirstByte() {
        LineSplitter splitter = new LineSplitter(KEY, 1 << 20, false);
        splitter.feed(chunk(0, "sta", 10), 0);
        splitter.feed(chunk(3, "rt\n", 20), 0);
        assertThat(splitter.ready().peek().timeNs()).isEqualTo(10);
    }

    @Test
    void aGapEndsTheLineBeforeIt() {
        LineSplitter splitter = new LineSplitter(KEY, 1 << 20, false);
        splitter.feed(chunk(0, "cut", 1), 0);
        splitter.feed(chunk(10, "after\n", 2), 0);
        assertThat(drain(splitter)).containsExactly("cut@0-3~", "after@10-16");
    }

    @Test
    void aStartInsideALineSkipsToTheNextOne() {
        LineSplitter splitter = new LineSplitter(KEY, 1 << 20, true);
        splitter.feed(chunk(100, "end of an old line\nnew\n", 1), 100);
        assertThat(drain(splitter)).containsExactly("skip:@100-119~", "new@119-123");
    }

    @Test
    void aStartWithinAChunkBeginsThere() {
        LineSplitter splitter = new LineSplitter(KEY, 1 << 20, false);
        splitter.feed(chunk(0, "one\ntwo\n", 1), 4);
        assertThat(drain(splitter)).containsExactly("two@4-8");
    }

    @Test
    void aLineLongerThanTheMostIsDeliveredInPiecesNotCut() {
        LineSplitter splitter = new LineSplitter(KEY, 4, false);
        splitter.feed(chunk(0, "abcdefghij\n", 1), 0);
        assertThat(drain(splitter)).containsExactly("abcd@0-4~", "efgh@4-8~", "ij@8-11");
    }
}
