package dev.berth.agent.stdio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads one container's log in arrival order, merging stdout and stderr by their index, as a sequence of frames.
 *
 * <p>Pull-based: {@link #next()} returns the next frame, or null when nothing more is available now. A follower then
 * waits for the indexer's signal, calls {@link #refresh()} and pulls again. The log files stay open, so a container
 * removed meanwhile (by {@code --rm}) can still be read to the end.
 */
public final class LogCursor implements AutoCloseable {
    static final int MAX_FRAME = 256 * 1024;
    private static final DateTimeFormatter RFC3339_NANO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final LogFiles files;
    private final LogQuery query;
    private static final int STREAMS = LogStream.values().length;

    private final @Nullable FileChannel[] channels = new FileChannel[STREAMS];
    private final int[] recordsRead = new int[STREAMS];
    private final long[] indexedEnd = new long[STREAMS];
    private final boolean[] atLineStart = {true, true, true};
    private final List<Segment> pending = new ArrayList<>();
    private int next;
    /** Offset in the stream of segment {@code next}; -1 means at its start. */
    private long position = -1;
    private final byte[] buffer = new byte[MAX_FRAME];

    /** A contiguous range of one stream that arrived at one time. */
    record Segment(LogStream stream, long nanos, long start, long end) {}

    private LogCursor(LogFiles files, LogQuery query) {
        this.files = files;
        this.query = query;
    }

    /**
     * Opens a cursor at the start of what the query selects. With {@code includeUnindexed}, bytes written after the
     * last index record count as arriving now (for a one-shot read of a running container).
     */
    public static LogCursor open(LogFiles files, LogQuery query, boolean includeUnindexed) {
        LogCursor cursor = new LogCursor(files, query);
        cursor.refresh();
        if (includeUnindexed) {
            cursor.addUnindexed();
        }
        if (query.sinceNanos() != null) {
            cursor.pending.removeIf(segment -> segment.nanos < query.sinceNanos());
        }
        if (query.tail() != null) {
            cursor.skipToTail(query.tail());
        }
        return cursor;
    }

    /** Loads index records written since the last call; returns whether there are new segments. */
    public boolean refresh() {
        List<Segment> fresh = new ArrayList<>();
        for (LogStream stream : LogStream.values()) {
            int i = stream.ordinal();
            if (!query.includes(stream) || !openChannel(stream)) {
                continue;
            }
            List<LogIndex.Entry> entries = LogIndex.read(files.index(stream), recordsRead[i]);
            for (LogIndex.Entry entry : entries) {
                if (entry.end() > indexedEnd[i]) {
                    fresh.add(new Segment(stream, entry.nanos(), indexedEnd[i], entry.end()));
                    indexedEnd[i] = entry.end();
                }
            }
            recordsRead[i] += entries.size();
        }
        if (fresh.isEmpty()) {
            return false;
        }
        // Merge by arrival time; stdout first on a tie, since it was indexed first in the same round.
        fresh.sort((a, b) -> a.nanos != b.nanos ? Long.compare(a.nanos, b.nanos)
                : Integer.compare(a.stream.ordinal(), b.stream.ordinal()));
        pending.addAll(fresh);
        return true;
    }

    /** Opens a stream's log once it exists: a container followed before its start has none yet. */
    private boolean openChannel(LogStream stream) {
        if (channels[stream.ordinal()] != null) {
            return true;
        }
        try {
            channels[stream.ordinal()] = FileChannel.open(files.log(stream), StandardOpenOption.READ);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open log " + files.log(stream), e);
        }
    }

    private void addUnindexed() {
        long now = LogIndexer.nowNanos();
        for (LogStream stream : LogStream.values()) {
            FileChannel channel = channels[stream.ordinal()];
            if (channel == null) {
                continue;
            }
            try {
                long size = channel.size();
                if (size > indexedEnd[stream.ordinal()]) {
                    pending.add(new Segment(stream, now, indexedEnd[stream.ordinal()], size));
                    indexedEnd[stream.ordinal()] = size;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Moves the start so that exactly the last {@code lines} lines remain, scanning backwards. A final line without a
     * newline counts as a line.
     */
    private void skipToTail(int lines) {
        if (lines <= 0) {
            next = pending.size();
            return;
        }
        // The last N lines start right after the N-th newline from the end, not counting a final newline (which ends
        // the last line); a final line without one counts as a line all the same.
        int seen = 0;
        for (int s = pending.size() - 1; s >= 0; s--) {
            Segment segment = pending.get(s);
            long end = segment.end;
            if (s == pending.size() - 1 && endsWithNewline(segment)) {
                end--; // the final newline ends the last line; it does not start one
            }
            for (long blockEnd = end; blockEnd > segment.start; ) {
                int length = (int) Math.min(buffer.length, blockEnd - segment.start);
                long blockStart = blockEnd - length;
                read(segment.stream, blockStart, length);
                for (int i = length - 1; i >= 0; i--) {
                    if (buffer[i] == '\n' && ++seen >= lines) {
                        next = s;
                        position = blockStart + i + 1;
                        return;
                    }
                }
                blockEnd = blockStart;
            }
        }
        next = 0;
        position = -1;
    }

    private boolean endsWithNewline(Segment segment) {
        if (segment.end <= segment.start) {
            return false;
        }
        read(segment.stream, segment.end - 1, 1);
        return buffer[0] == '\n';
    }

    /** The next frame, or null when everything indexed so far has been returned. */
    public @Nullable LogFrame next() {
        if (next > 1024) {
            pending.subList(0, next).clear();
            next = 0;
        }
        while (next < pending.size()) {
            Segment segment = pending.get(next);
            if (position < 0) {
                position = segment.start;
            }
            if (position >= segment.end) {
                next++;
                position = -1;
                continue;
            }
            return query.timestamps() ? timestampedFrame(segment) : plainFrame(segment);
        }
        return null;
    }

    private LogFrame plainFrame(Segment segment) {
        int length = (int) Math.min(buffer.length, segment.end - position);
        read(segment.stream, position, length);
        position += length;
        atLineStart[segment.stream.ordinal()] = buffer[length - 1] == '\n';
        return new LogFrame(segment.stream, java.util.Arrays.copyOf(buffer, length), length);
    }

    /** Up to one frame of whole lines, each prefixed with its arrival time. */
    private LogFrame timestampedFrame(Segment segment) {
        byte[] stamp = (RFC3339_NANO.format(Instant.ofEpochSecond(0, segment.nanos)) + " ")
                .getBytes(StandardCharsets.US_ASCII);
        int length = (int) Math.min(buffer.length / 2, segment.end - position);
        read(segment.stream, position, length);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(length + 64);
        int stream = segment.stream.ordinal();
        for (int i = 0; i < length; i++) {
            if (atLineStart[stream]) {
                out.write(stamp, 0, stamp.length);
                atLineStart[stream] = false;
            }
            out.write(buffer[i]);
            if (buffer[i] == '\n') {
                atLineStart[stream] = true;
            }
        }
        position += length;
        byte[] data = out.toByteArray();
        return new LogFrame(segment.stream, data, data.length);
    }

    private void read(LogStream stream, long offset, int length) {
        FileChannel channel = channels[stream.ordinal()];
        if (channel == null) {
            throw new IllegalStateException("stream " + stream + " is not open");
        }
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
        try {
            while (target.hasRemaining()) {
                if (channel.read(target, offset + target.position()) < 0) {
                    throw new IOException("log shorter than its index");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + files.log(stream), e);
        }
    }

    @Override
    public void close() {
        for (FileChannel channel : channels) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // Read-only.
                }
            }
        }
    }
}
