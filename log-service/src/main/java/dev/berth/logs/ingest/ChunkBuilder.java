package dev.berth.logs.ingest;

import dev.berth.logs.store.ArrivalMarks;
import dev.berth.logs.store.Chunk;
import dev.berth.logs.store.Days;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Packs one stream's accepted bytes into chunks of at most {@code maxChunk} bytes. Bytes must come in offset order;
 * a jump forward (a gap) starts a new chunk, and so does a new UTC day. A write longer than a chunk spans several; nothing is ever truncated.
 */
final class ChunkBuilder {
    private final String tenant;
    private final String app;
    private final String container;
    private final int stream;
    private final int maxChunk;
    private final List<Chunk> chunks = new ArrayList<>();

    private byte[] data;
    private int size;
    private long start;
    private long firstNs;
    private long lastNs;
    private int lines;
    private boolean startsLine;
    private ArrivalMarks.Builder marks;
    /** Whether the byte before the next one appended is a newline (or there is none). */
    private boolean atLineStart;

    ChunkBuilder(String tenant, String app, String container, int stream, int maxChunk, boolean atLineStart) {
        this.tenant = tenant;
        this.app = app;
        this.container = container;
        this.stream = stream;
        this.maxChunk = maxChunk;
        this.atLineStart = atLineStart;
        this.data = new byte[0];
    }

    /** Appends bytes at {@code offset} of the stream; a gap before them (offset beyond the end) is a line break. */
    void append(long offset, long arrivalNs, byte[] buffer, int position, int length) {
        if (size > 0 && offset != start + size) {
            flush();
            atLineStart = true;
        } else if (size > 0 && Math.floorDiv(arrivalNs, Days.NANOS_PER_DAY)
                != Math.floorDiv(firstNs, Days.NANOS_PER_DAY)) {
            // A chunk lives in the partition of its first arrival's day; retention drops days whole.
            flush();
        }
        while (length > 0) {
            if (size == 0) {
                open(offset, arrivalNs);
            } else if (size == maxChunk) {
                flush();
                open(offset, arrivalNs);
            }
            int take = Math.min(length, maxChunk - size);
            marks.mark(size, arrivalNs);
            System.arraycopy(buffer, position, data, size, take);
            for (int i = 0; i < take; i++) {
                if (buffer[position + i] == '\n') {
                    lines++;
                }
            }
            size += take;
            lastNs = Math.max(lastNs, arrivalNs);
            atLineStart = buffer[position + take - 1] == '\n';
            offset += take;
            position += take;
            length -= take;
        }
    }

    private void open(long offset, long arrivalNs) {
        if (data.length < maxChunk) {
            data = new byte[maxChunk];
        }
        start = offset;
        firstNs = arrivalNs;
        lastNs = arrivalNs;
        lines = 0;
        startsLine = atLineStart;
        marks = new ArrivalMarks.Builder();
    }

    private void flush() {
        if (size == 0) {
            return;
        }
        chunks.add(new Chunk(tenant, app, container, stream, start, start + size, firstNs, lastNs, lines, startsLine,
                marks.toByteArray(), Arrays.copyOf(data, size)));
        size = 0;
    }

    /** Whether the last byte appended (or the stream's end before them all) is a newline. */
    boolean endsLine() {
        return atLineStart;
    }

    List<Chunk> finish() {
        flush();
        return chunks;
    }
}
