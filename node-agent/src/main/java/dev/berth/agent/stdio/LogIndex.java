package dev.berth.agent.stdio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The arrival index of one stream: records of (time, end offset). Bytes between the previous record's end and this
 * one's arrived at this record's time. Append-only; a torn last record (a crash mid-write) is ignored.
 */
public final class LogIndex {
    static final int RECORD_BYTES = 16;

    /** One record. */
    public record Entry(long nanos, long end) {}

    private LogIndex() {}

    /** Reads records from {@code fromRecord} on. */
    public static List<Entry> read(Path index, int fromRecord) {
        return read(index, fromRecord, Integer.MAX_VALUE);
    }

    /**
     * Reads at most {@code maxRecords} records from {@code fromRecord} on. An index that is not there (not written
     * yet, or gone with its removed container while a follower reads it) has none.
     */
    public static List<Entry> read(Path index, int fromRecord, int maxRecords) {
        try (FileChannel channel = FileChannel.open(index, StandardOpenOption.READ)) {
            long records = Math.min(channel.size() / RECORD_BYTES, (long) fromRecord + maxRecords);
            if (records <= fromRecord) {
                return List.of();
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) ((records - fromRecord) * RECORD_BYTES));
            channel.read(buffer, (long) fromRecord * RECORD_BYTES);
            buffer.flip();
            List<Entry> entries = new ArrayList<>((int) (records - fromRecord));
            while (buffer.remaining() >= RECORD_BYTES) {
                entries.add(new Entry(buffer.getLong(), buffer.getLong()));
            }
            return entries;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read log index " + index, e);
        }
    }

    /** The end offset recorded last, or 0 (also for an index that is not there). */
    public static long lastEnd(Path index) {
        try {
            try (FileChannel channel = FileChannel.open(index, StandardOpenOption.READ)) {
                long records = channel.size() / RECORD_BYTES;
                if (records == 0) {
                    return 0;
                }
                ByteBuffer buffer = ByteBuffer.allocate(RECORD_BYTES);
                channel.read(buffer, (records - 1) * RECORD_BYTES);
                buffer.flip();
                buffer.getLong();
                return buffer.getLong();
            }
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read log index " + index, e);
        }
    }

    /** Appends records to an index; one writer per stream, owned by the {@link LogIndexer}. */
    static final class Writer implements AutoCloseable {
        private final FileChannel channel;
        private final ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);

        Writer(Path index) {
            try {
                channel = FileChannel.open(index, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
                long torn = channel.size() % RECORD_BYTES;
                if (torn != 0) {
                    channel.truncate(channel.size() - torn);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open log index " + index, e);
            }
        }

        void append(long nanos, long end) {
            record.clear();
            record.putLong(nanos).putLong(end).flip();
            try {
                while (record.hasRemaining()) {
                    channel.write(record);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to a log index", e);
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing was buffered.
            }
        }
    }
}
