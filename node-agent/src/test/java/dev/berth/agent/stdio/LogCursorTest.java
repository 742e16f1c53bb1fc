package dev.berth.agent.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCursorTest {
    @TempDir
    Path dir;
    LogFiles files;
    long clock = 1_000_000_000_000L;

    @BeforeEach
    void setUp() {
        files = new LogFiles(dir);
    }

    /** Appends to one stream's log and records its arrival, as the container and the indexer would. */
    void write(LogStream stream, String text) throws IOException {
        Files.writeString(files.log(stream), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        try (LogIndex.Writer writer = new LogIndex.Writer(files.index(stream))) {
            writer.append(clock += 1_000, Files.size(files.log(stream)));
        }
    }

    record Out(LogStream stream, String text) {}

    List<Out> readAll(LogQuery query) {
        List<Out> out = new ArrayList<>();
        try (LogCursor cursor = LogCursor.open(files, query, false)) {
            for (LogFrame frame; (frame = cursor.next()) != null; ) {
                out.add(new Out(frame.stream(), new String(frame.data(), 0, frame.length(), StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    String text(List<Out> frames) {
        StringBuilder all = new StringBuilder();
        frames.forEach(f -> all.append(f.text()));
        return all.toString();
    }

    @Test
    void mergesStdoutAndStderrInArrivalOrderWithStreamMarks() throws IOException {
        write(LogStream.STDOUT, "out 1\n");
        write(LogStream.STDERR, "err 1\n");
        write(LogStream.STDOUT, "out 2\n");
        write(LogStream.STDERR, "err 2\n");

        assertThat(readAll(LogQuery.all())).containsExactly(
                new Out(LogStream.STDOUT, "out 1\n"), new Out(LogStream.STDERR, "err 1\n"),
                new Out(LogStream.STDOUT, "out 2\n"), new Out(LogStream.STDERR, "err 2\n"));
    }

    @Test
    void selectsOneStream() throws IOException {
        write(LogStream.STDOUT, "out\n");
        write(LogStream.STDERR, "err\n");

        assertThat(readAll(new LogQuery(null, null, false, false, true)))
                .containsExactly(new Out(LogStream.STDERR, "err\n"));
    }

    @Test
    void tailCountsLinesAcrossBothStreams() throws IOException {
        write(LogStream.STDOUT, "a\nb\n");
        write(LogStream.STDERR, "c\n");
        write(LogStream.STDOUT, "d\ne\n");

        assertThat(text(readAll(new LogQuery(null, 3, false, true, true)))).isEqualTo("c\nd\ne\n");
        assertThat(text(readAll(new LogQuery(null, 1, false, true, true)))).isEqualTo("e\n");
        assertThat(text(readAll(new LogQuery(null, 0, false, true, true)))).isEmpty();
        assertThat(text(readAll(new LogQuery(null, 99, false, true, true)))).isEqualTo("a\nb\nc\nd\ne\n");
    }

    @Test
    void tailCountsAFinalLineWithoutNewline() throws IOException {
        write(LogStream.STDOUT, "a\nb\nc");

        assertThat(text(readAll(new LogQuery(null, 2, false, true, true)))).isEqualTo("b\nc");
    }

    @Test
    void sinceSkipsWhatArrivedBefore() throws IOException {
        write(LogStream.STDOUT, "old\n");
        long cut = clock + 1;
        write(LogStream.STDOUT, "new\n");

        assertThat(text(readAll(new LogQuery(cut, null, false, true, true)))).isEqualTo("new\n");
    }

    @Test
    void timestampsEveryLineOnceEvenWhenALineSpansWrites() throws IOException {
        write(LogStream.STDOUT, "first\nsec");
        write(LogStream.STDOUT, "ond\nthird\n");

        String out = text(readAll(new LogQuery(null, null, true, true, true)));
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z first");
        assertThat(lines.get(1)).matches("\\S+Z second");
        assertThat(lines.get(2)).matches("\\S+Z third");
    }

    @Test
    void aFollowerSeesOnlyNewSegmentsAfterRefresh() throws IOException {
        write(LogStream.STDOUT, "one\n");
        try (LogCursor cursor = LogCursor.open(files, LogQuery.all(), false)) {
            assertThat(new String(cursor.next().data())).isEqualTo("one\n");
            assertThat(cursor.next()).isNull();
            write(LogStream.STDERR, "two\n");
            write(LogStream.STDOUT, "three\n");
            assertThat(cursor.refresh()).isTrue();
            assertThat(new String(cursor.next().data())).isEqualTo("two\n");
            assertThat(new String(cursor.next().data())).isEqualTo("three\n");
            assertThat(cursor.next()).isNull();
        }
    }

    @Test
    void aOneShotReadIncludesBytesNotIndexedYet() throws IOException {
        write(LogStream.STDOUT, "indexed\n");
        Files.writeString(files.log(LogStream.STDOUT), "not yet\n", StandardOpenOption.APPEND);

        try (LogCursor cursor = LogCursor.open(files, LogQuery.all(), true)) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (LogFrame frame; (frame = cursor.next()) != null; ) {
                all.write(frame.data(), 0, frame.length());
            }
            assertThat(all.toString()).isEqualTo("indexed\nnot yet\n");
        }
    }

    @Test
    void largeOutputComesBackWholeInBoundedFrames() throws IOException {
        String line = "x".repeat(200 * 1024) + "\n";
        write(LogStream.STDOUT, line + line);

        List<Out> frames = readAll(LogQuery.all());
        assertThat(text(frames)).isEqualTo(line + line);
        assertThat(frames).allSatisfy(f -> assertThat(f.text().length()).isLessThanOrEqualTo(LogCursor.MAX_FRAME));
    }

    @Test
    void aTornIndexRecordIsIgnored() throws IOException {
        write(LogStream.STDOUT, "kept\n");
        Files.write(files.index(LogStream.STDOUT), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);

        assertThat(text(readAll(LogQuery.all()))).isEqualTo("kept\n");
        assertThat(LogIndex.lastEnd(files.index(LogStream.STDOUT))).isEqualTo(5);
    }
}
