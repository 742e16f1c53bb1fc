package dev.berth.cli.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Splits Docker's multiplexed framing back into stdout and stderr as it arrives.
 *
 * <pre>
 * frame:  [stream][0][0][0][size: uint32 big-endian][payload: size bytes]
 *         stream 1 = stdout, 2 = stderr (0, stdin, is shown as stdout, as Docker does)
 * </pre>
 *
 * <p>It holds one read buffer and never a whole stream: payload bytes go from that buffer straight to their target,
 * and a header or payload split across reads is simply continued by the next read. Output is flushed only at a frame
 * boundary and only when the source has nothing more ready, so a flood of logs costs one write per buffer while a
 * line from an interactive container still shows at once.
 *
 * <p>log-service's follows add a frame of type 3 after each batch of lines, holding the cursor after them. Made with
 * {@link #withCursors}, the demuxer holds a batch's lines until its cursor has come and only then writes them out and
 * reports the cursor: a follow resumed from the last cursor reported then neither repeats nor skips a line, however
 * the connection broke.
 */
public final class StreamDemuxer {

    private static final int HEADER_SIZE = 8;
    private static final int READ_BUFFER_SIZE = 256 * 1024;
    private static final int CURSOR_FRAME = 3;
    private static final int MAX_CURSOR = 64 * 1024;

    private final OutputStream stdout;
    private final OutputStream stderr;
    private final byte[] header = new byte[HEADER_SIZE];
    private int headerFill;
    private long payloadLeft;
    private OutputStream target;
    private boolean stdoutDirty;
    private boolean stderrDirty;
    private long payloadBytes;
    private final @Nullable Consumer<String> cursors;
    private final List<Held> held = new ArrayList<>();
    private final ByteArrayOutputStream cursor = new ByteArrayOutputStream();

    public StreamDemuxer(OutputStream stdout, OutputStream stderr) {
        this(stdout, stderr, null);
    }

    private StreamDemuxer(OutputStream stdout, OutputStream stderr, @Nullable Consumer<String> cursors) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.target = stdout;
        this.cursors = cursors;
    }

    /** A demuxer for a stream with cursor frames: each batch is written once its cursor has come, then reported. */
    public static StreamDemuxer withCursors(OutputStream stdout, OutputStream stderr, Consumer<String> cursors) {
        return new StreamDemuxer(stdout, stderr, cursors);
    }

    /**
     * Copies every frame of {@code in} until it ends, and flushes both targets.
     *
     * @return the number of payload bytes written
     * @throws MalformedStreamException if a header is not a frame header, or the stream ends inside a frame
     */
    public long copy(InputStream in) throws IOException {
        byte[] buffer = new byte[READ_BUFFER_SIZE];
        while (true) {
            if (atFrameBoundary() && in.available() == 0) {
                flush();
            }
            int read = in.read(buffer);
            if (read < 0) {
                break;
            }
            consume(buffer, read);
        }
        flush();
        if (!atFrameBoundary()) {
            throw new MalformedStreamException("the stream ended inside a frame ("
                    + (headerFill > 0 ? headerFill + " of 8 header bytes" : payloadLeft + " payload bytes missing")
                    + ")");
        }
        return payloadBytes;
    }

    private void consume(byte[] buffer, int length) throws IOException {
        int position = 0;
        while (position < length) {
            if (payloadLeft == 0) {
                int take = Math.min(HEADER_SIZE - headerFill, length - position);
                System.arraycopy(buffer, position, header, headerFill, take);
                headerFill += take;
                position += take;
                if (headerFill == HEADER_SIZE) {
                    headerFill = 0;
                    startFrame();
                }
            } else {
                int take = (int) Math.min(payloadLeft, length - position);
                target.write(buffer, position, take);
                position += take;
                payloadLeft -= take;
                payloadBytes += take;
                if (payloadLeft == 0 && target == cursor) {
                    release();
                }
            }
        }
    }

    /** A batch's cursor has come: its lines go out, then the cursor is reported. */
    private void release() throws IOException {
        for (Held part : held) {
            part.bytes.writeTo(part.target);
            if (part.target == stdout) {
                stdoutDirty = true;
            } else {
                stderrDirty = true;
            }
        }
        held.clear();
        flush();
        String text = cursor.toString(StandardCharsets.US_ASCII);
        cursor.reset();
        target = stdout;
        if (cursors != null) {
            cursors.accept(text);
        }
    }

    private void startFrame() throws IOException {
        if (header[1] != 0 || header[2] != 0 || header[3] != 0) {
            throw new MalformedStreamException(String.format(
                    "not a multiplexed stream: frame header %02x %02x %02x %02x", header[0], header[1], header[2],
                    header[3]));
        }
        payloadLeft = (header[4] & 0xffL) << 24 | (header[5] & 0xffL) << 16 | (header[6] & 0xffL) << 8
                | (header[7] & 0xffL);
        if (cursors != null) {
            startHeldFrame();
            return;
        }
        OutputStream next = switch (header[0]) {
            case 0, 1 -> stdout;
            case 2 -> stderr;
            default -> throw new MalformedStreamException("unknown stream " + header[0] + " in a frame header");
        };
        if (next != target) {
            // Both streams often end on one terminal: what was written first must show first.
            flush();
            target = next;
        }
        if (payloadLeft > 0) {
            if (target == stdout) {
                stdoutDirty = true;
            } else {
                stderrDirty = true;
            }
        }
    }

    private void startHeldFrame() throws IOException {
        if (header[0] == CURSOR_FRAME) {
            if (payloadLeft == 0 || payloadLeft > MAX_CURSOR) {
                throw new MalformedStreamException("a cursor frame of " + payloadLeft + " bytes");
            }
            target = cursor;
            return;
        }
        OutputStream stream = switch (header[0]) {
            case 0, 1 -> stdout;
            case 2 -> stderr;
            default -> throw new MalformedStreamException("unknown stream " + header[0] + " in a frame header");
        };
        if (held.isEmpty() || held.getLast().target != stream) {
            held.add(new Held(stream, new ByteArrayOutputStream()));
        }
        target = held.getLast().bytes;
    }

    /** Lines of one stream in a row, waiting for their batch's cursor. */
    private record Held(OutputStream target, ByteArrayOutputStream bytes) {}

    private boolean atFrameBoundary() {
        return payloadLeft == 0 && headerFill == 0;
    }

    private void flush() throws IOException {
        if (stdoutDirty) {
            stdout.flush();
            stdoutDirty = false;
        }
        if (stderrDirty) {
            stderr.flush();
            stderrDirty = false;
        }
    }
}
