package dev.berth.cli.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

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
 */
public final class StreamDemuxer {

    private static final int HEADER_SIZE = 8;
    private static final int READ_BUFFER_SIZE = 256 * 1024;

    private final OutputStream stdout;
    private final OutputStream stderr;
    private final byte[] header = new byte[HEADER_SIZE];
    private int headerFill;
    private long payloadLeft;
    private OutputStream target;
    private boolean stdoutDirty;
    private boolean stderrDirty;
    private long payloadBytes;

    public StreamDemuxer(OutputStream stdout, OutputStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.target = stdout;
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
            }
        }
    }

    private void startFrame() throws IOException {
        if (header[1] != 0 || header[2] != 0 || header[3] != 0) {
            throw new MalformedStreamException(String.format(
                    "not a multiplexed stream: frame header %02x %02x %02x %02x", header[0], header[1], header[2],
                    header[3]));
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
        payloadLeft = (header[4] & 0xffL) << 24 | (header[5] & 0xffL) << 16 | (header[6] & 0xffL) << 8
                | (header[7] & 0xffL);
        if (payloadLeft > 0) {
            if (target == stdout) {
                stdoutDirty = true;
            } else {
                stderrDirty = true;
            }
        }
    }

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
