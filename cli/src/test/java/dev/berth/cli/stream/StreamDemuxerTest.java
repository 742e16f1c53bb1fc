package dev.berth.cli.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamDemuxerTest {

    private static byte[] frame(int stream, byte[] payload) {
        byte[] frame = new byte[8 + payload.length];
        frame[0] = (byte) stream;
        frame[4] = (byte) (payload.length >>> 24);
        frame[5] = (byte) (payload.length >>> 16);
        frame[6] = (byte) (payload.length >>> 8);
        frame[7] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 8, payload.length);
        return frame;
    }

    private static byte[] frame(int stream, String payload) {
        return frame(stream, payload.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /**
     * Hands out the given chunks one read at a time. Like a socket, it reports as available only the rest of a chunk
     * already being read: the next chunk has not "arrived" yet.
     */
    private static class ChunkedInput extends InputStream {

        private final List<byte[]> chunks;
        private int chunk;
        private int position;

        ChunkedInput(List<byte[]> chunks) {
            this.chunks = new ArrayList<>(chunks);
            this.chunks.removeIf(c -> c.length == 0);
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the demuxer reads in blocks");
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (chunk >= chunks.size()) {
                return -1;
            }
            byte[] current = chunks.get(chunk);
            int count = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, count);
            position += count;
            if (position == current.length) {
                chunk++;
                position = 0;
            }
            return count;
        }

        @Override
        public int available() {
            return chunk < chunks.size() && position > 0 ? chunks.get(chunk).length - position : 0;
        }
    }

    private static final byte[] SAMPLE = concat(
            frame(1, "hello\n"),
            frame(2, "warning: x\n"),
            frame(1, ""),
            frame(1, "world\n"),
            frame(0, "stdin shows as stdout\n"),
            frame(2, "bye\n"));

    @Test
    void routesStdoutAndStderrFrames() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        long payload = new StreamDemuxer(out, err).copy(new ByteArrayInputStream(SAMPLE));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello\nworld\nstdin shows as stdout\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("warning: x\nbye\n");
        assertThat(payload).isEqualTo(SAMPLE.length - 6 * 8);
    }

    @Test
    void framesSplitAtEveryByteBoundaryDemuxTheSame() throws IOException {
        for (int split = 0; split <= SAMPLE.length; split++) {
            for (int second = split; second <= SAMPLE.length; second += 7) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                InputStream in = new ChunkedInput(List.of(
                        java.util.Arrays.copyOfRange(SAMPLE, 0, split),
                        java.util.Arrays.copyOfRange(SAMPLE, split, second),
                        java.util.Arrays.copyOfRange(SAMPLE, second, SAMPLE.length)));

                new StreamDemuxer(out, err).copy(in);

                assertThat(out.toString(StandardCharsets.UTF_8)).as("split at %d and %d", split, second)
                        .isEqualTo("hello\nworld\nstdin shows as stdout\n");
                assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("warning: x\nbye\n");
            }
        }
    }

    @Test
    void oneByteAtATimeDemuxesTheSame() throws IOException {
        List<byte[]> bytes = new ArrayList<>();
        for (byte b : SAMPLE) {
            bytes.add(new byte[] {b});
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        new StreamDemuxer(out, err).copy(new ChunkedInput(bytes));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello\nworld\nstdin shows as stdout\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("warning: x\nbye\n");
    }

    @Test
    void flushesWhenNothingMoreIsReadySoInteractiveOutputShowsAtOnce() throws IOException {
        List<String> events = new ArrayList<>();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                events.add("write");
            }

            @Override
            public void write(byte[] b, int off, int len) {
                events.add("write " + new String(b, off, len, StandardCharsets.UTF_8).strip());
            }

            @Override
            public void flush() {
                events.add("flush");
            }
        };
        // Two frames arrive together, then a pause (nothing available), then a third.
        ChunkedInput in = new ChunkedInput(List.of(concat(frame(1, "a\n"), frame(1, "b\n")), frame(1, "c\n"))) {
            @Override
            public int read(byte[] buffer, int offset, int length) {
                events.add("read");
                return super.read(buffer, offset, length);
            }
        };

        new StreamDemuxer(out, OutputStream.nullOutputStream()).copy(in);

        assertThat(events).containsExactly("read", "write a", "write b", "flush", "read", "write c", "flush", "read");
    }

    @Test
    void doesNotFlushWhileMoreInputIsReady() throws IOException {
        int[] flushes = {0};
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] b, int off, int len) {
            }

            @Override
            public void flush() {
                flushes[0]++;
            }
        };
        byte[] many = new byte[0];
        for (int i = 0; i < 1000; i++) {
            many = concat(many, frame(1, "line " + i + "\n"));
        }

        new StreamDemuxer(out, OutputStream.nullOutputStream()).copy(new ByteArrayInputStream(many));

        assertThat(flushes[0]).isEqualTo(1);
    }

    @Test
    void keepsTheOrderOfStdoutAndStderrOnOneTerminal() throws IOException {
        StringBuilder terminal = new StringBuilder();
        class Buffered extends OutputStream {
            private final StringBuilder pending = new StringBuilder();

            @Override
            public void write(int b) {
                pending.append((char) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                pending.append(new String(b, off, len, StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
                terminal.append(pending);
                pending.setLength(0);
            }
        }

        new StreamDemuxer(new Buffered(), new Buffered()).copy(new ByteArrayInputStream(SAMPLE));

        assertThat(terminal.toString()).isEqualTo("hello\nwarning: x\nworld\nstdin shows as stdout\nbye\n");
    }

    @Test
    void aFollowsBatchIsWrittenOnlyOnceItsCursorHasCome() throws IOException {
        byte[] follow = concat(frame(1, "one\n"), frame(2, "two\n"), frame(1, "three\n"), frame(3, "o=14,e=4"),
                frame(1, "four\n"), frame(3, "o=19,e=4"), frame(2, "never confirmed\n"));
        for (int split = 0; split <= follow.length; split++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            List<String> cursors = new ArrayList<>();
            StringBuilder order = new StringBuilder();
            StreamDemuxer demuxer = StreamDemuxer.withCursors(out, err, cursor -> {
                cursors.add(cursor);
                order.append("[").append(out.size()).append("]");
            });

            demuxer.copy(new ChunkedInput(List.of(java.util.Arrays.copyOfRange(follow, 0, split),
                    java.util.Arrays.copyOfRange(follow, split, follow.length))));

            assertThat(out.toString(StandardCharsets.UTF_8)).as("split at %d", split).isEqualTo("one\nthree\nfour\n");
            // The last batch had no cursor: a resumed follow sends it again, so it must not show now.
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("two\n");
            assertThat(cursors).containsExactly("o=14,e=4", "o=19,e=4");
            assertThat(order).hasToString("[10][15]");
        }
    }

    @Test
    void aCursorFrameIsRefusedWhereNoCursorsAreExpected() {
        assertThatThrownBy(() -> new StreamDemuxer(new ByteArrayOutputStream(), new ByteArrayOutputStream())
                .copy(new ByteArrayInputStream(frame(3, "o=1"))))
                .isInstanceOf(MalformedStreamException.class).hasMessageContaining("unknown stream 3");
    }

    @Test
    void aStreamThatEndsInsideAFrameIsAnError() {
        byte[] cut = java.util.Arrays.copyOf(frame(1, "hello\n"), 10);
        assertThatThrownBy(() -> new StreamDemuxer(OutputStream.nullOutputStream(), OutputStream.nullOutputStream())
                .copy(new ByteArrayInputStream(cut)))
                .isInstanceOf(MalformedStreamException.class)
                .hasMessageContaining("ended inside a frame");
        assertThatThrownBy(() -> new StreamDemuxer(OutputStream.nullOutputStream(), OutputStream.nullOutputStream())
                .copy(new ByteArrayInputStream(new byte[] {1, 0, 0})))
                .isInstanceOf(MalformedStreamException.class);
    }

    @Test
    void rawTextIsNotTakenForFrames() {
        byte[] text = "hello, this is not multiplexed\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new StreamDemuxer(OutputStream.nullOutputStream(), OutputStream.nullOutputStream())
                .copy(new ByteArrayInputStream(text)))
                .isInstanceOf(MalformedStreamException.class)
                .hasMessageContaining("not a multiplexed stream");
    }

    @Test
    void fiftyMegabytesDemuxCorrectlyAndQuickly() throws Exception {
        // Frames of random sizes up to 64 KiB, mostly stdout, as a container flooding its output would produce.
        Random random = new Random(7);
        MessageDigest expectedOut = MessageDigest.getInstance("SHA-256");
        MessageDigest expectedErr = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream stream = new ByteArrayOutputStream(51 * 1024 * 1024);
        long payloadTotal = 0;
        byte[] payload = new byte[65536];
        while (payloadTotal < 50L * 1024 * 1024) {
            int size = 1 + random.nextInt(payload.length);
            random.nextBytes(payload);
            int target = random.nextInt(10) == 0 ? 2 : 1;
            byte[] chunk = java.util.Arrays.copyOf(payload, size);
            stream.writeBytes(frame(target, chunk));
            (target == 1 ? expectedOut : expectedErr).update(chunk);
            payloadTotal += size;
        }
        byte[] input = stream.toByteArray();
        DigestingOutput out = new DigestingOutput();
        DigestingOutput err = new DigestingOutput();

        long started = System.nanoTime();
        long copied = new StreamDemuxer(out, err).copy(new ChunkedInput(slices(input, 16 * 1024 + 3)));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(copied).isEqualTo(payloadTotal);
        assertThat(out.digest.digest()).isEqualTo(expectedOut.digest());
        assertThat(err.digest.digest()).isEqualTo(expectedErr.digest());
        // Hashing both outputs dominates; the demuxing itself takes a few tens of milliseconds.
        assertThat(millis).as("50 MB in %d ms", millis).isLessThan(3000);
    }

    /** Cut like network reads, at sizes that do not line up with frames. */
    private static List<byte[]> slices(byte[] input, int size) {
        List<byte[]> slices = new ArrayList<>();
        for (int i = 0; i < input.length; i += size) {
            slices.add(java.util.Arrays.copyOfRange(input, i, Math.min(input.length, i + size)));
        }
        return slices;
    }

    private static final class DigestingOutput extends OutputStream {

        final MessageDigest digest;

        DigestingOutput() throws Exception {
            digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }
    }
}
