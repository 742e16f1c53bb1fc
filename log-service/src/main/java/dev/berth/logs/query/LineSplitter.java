package dev.berth.logs.query;

import dev.berth.logs.store.ArrivalMarks;
import dev.berth.logs.store.Chunk;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Cuts one stream's chunks, fed in offset order, into lines. A line that spans chunks is reassembled (up to
 * {@code maxLine} bytes; a longer one is delivered in pieces of that size, never truncated). A gap between chunks
 * ends the line before it.
 */
final class LineSplitter {
    private final StreamKey key;
    private final int maxLine;
    private final Deque<LogLine> ready = new ArrayDeque<>();
    private byte[] pending = new byte[0];
    private int pendingLength;
    private long pendingStart = -1;
    private long pendingTime;
    private long expected = -1;
    private boolean skipFragment;

    LineSplitter(StreamKey key, int maxLine, boolean skipFragment) {
        this.key = key;
        this.maxLine = maxLine;
        this.skipFragment = skipFragment;
    }

    /** Feeds a chunk's bytes from {@code from} (an offset within the chunk's range, or before it) on. */
    void feed(Chunk chunk, long from) {
        if (expected >= 0 && chunk.startOffset() > expected) {
            flush();
            skipFragment = false;
        }
        byte[] data = chunk.data();
        int position = (int) Math.max(0, from - chunk.startOffset());
        ArrivalMarks marks = null;
        if (skipFragment && position < data.length) {
            int newline = indexOf(data, position);
            long skippedFrom = chunk.startOffset() + position;
            if (newline < 0) {
                position = data.length;
            } else {
                position = newline + 1;
                skipFragment = false;
            }
            ready.add(new LogLine(key, skippedFrom, chunk.startOffset() + position, 0, new byte[0], false, true,
                    null));
        }
        while (position < data.length) {
            int newline = indexOf(data, position);
            int stop = newline < 0 ? data.length : newline;
            if (pendingStart < 0) {
                if (marks == null) {
                    marks = ArrivalMarks.decode(chunk.marks(), chunk.firstNs());
                }
                pendingStart = chunk.startOffset() + position;
                pendingTime = marks.timeAt(position);
            }
            append(data, position, stop - position, chunk.startOffset() + position);
            if (newline < 0) {
                break;
            }
            emit(true, chunk.startOffset() + newline + 1);
            position = newline + 1;
        }
        expected = chunk.endOffset();
    }

    /** Delivers the bytes of a line not ended yet, as a line of their own. */
    void flush() {
        if (pendingStart >= 0) {
            emit(false, pendingStart + pendingLength);
        }
    }

    boolean hasPending() {
        return pendingStart >= 0;
    }

    /** Bytes held for the line not ended yet. */
    int pendingLength() {
        return pendingLength;
    }

    Deque<LogLine> ready() {
        return ready;
    }

    private void append(byte[] data, int from, int length, long offset) {
        while (length > 0) {
            if (pendingLength == maxLine) {
                // A piece of a very long line: delivered as it is, and the rest continues from here.
                emit(false, pendingStart + pendingLength);
                pendingStart = offset;
            }
            int take = Math.min(length, maxLine - pendingLength);
            if (pending.length < pendingLength + take) {
                pending = Arrays.copyOf(pending, Math.max(pendingLength + take, Math.min(maxLine,
                        pending.length * 2)));
            }
            System.arraycopy(data, from, pending, pendingLength, take);
            pendingLength += take;
            from += take;
            length -= take;
            offset += take;
        }
    }

    private void emit(boolean complete, long end) {
        ready.add(new LogLine(key, pendingStart, end, pendingTime, Arrays.copyOf(pending, pendingLength), complete,
                false, null));
        pendingStart = -1;
        pendingLength = 0;
        if (pending.length > 64 * 1024) {
            pending = new byte[0];
        }
    }

    private static int indexOf(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
