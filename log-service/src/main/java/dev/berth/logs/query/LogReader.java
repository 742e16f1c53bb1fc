package dev.berth.logs.query;

import dev.berth.db.Database;
import dev.berth.logs.store.Chunk;
import dev.berth.logs.store.ChunkReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a query's lines, batch by batch: each stream is read in offset order from its start and cut into lines, and
 * the streams are merged by arrival time. Without follow it ends when every stream is read to its end (a line not
 * ended yet is delivered as it is). With follow it never ends: each call delivers what was committed since, and a
 * line not ended yet waits until its end arrives or it has not grown for a while. Not thread-safe: one caller at a
 * time.
 */
public final class LogReader {
    private static final int CHUNKS_PER_FETCH = 4;

    private final Database db;
    private final LogQuery query;
    private final int maxLine;
    private final long partialDelayNanos;
    private final boolean follow;
    private final @Nullable Pattern grep;
    private final List<StreamState> streams = new ArrayList<>();
    private final Map<StreamKey, Long> positions = new TreeMap<>();
    private boolean withIds = true;
    private final @Nullable Function<Connection, List<StreamKey>> discover;
    private long discoveredAt;
    private boolean done;

    /**
     * @param starts each stream and where to start reading it
     * @param discover for an app's follow: finds the app's streams, so that containers started later join
     */
    LogReader(Database db, LogQuery query, Map<StreamKey, ChunkReader.StartPoint> starts, int maxLine,
              long partialDelayNanos, boolean follow, boolean applyGrep,
              @Nullable Function<Connection, List<StreamKey>> discover) {
        this.db = db;
        this.query = query;
        this.maxLine = maxLine;
        this.partialDelayNanos = partialDelayNanos;
        this.follow = follow;
        this.grep = applyGrep ? query.grep() : null;
        this.discover = discover;
        this.discoveredAt = System.nanoTime();
        starts.forEach(this::add);
    }

    private void add(StreamKey key, ChunkReader.StartPoint start) {
        streams.add(new StreamState(key, new LineSplitter(key, maxLine, start.skipFragment()), start.offset()));
        positions.put(key, start.offset());
    }

    /** Leaves the lines' ids out: plain text has no use for them, and writing one per line costs. */
    public LogReader withoutIds() {
        withIds = false;
        return this;
    }

    /** Whether every line was delivered (never, for a follow). */
    public boolean done() {
        return done;
    }

    /** The cursor of everything delivered so far. */
    public String cursor() {
        return Cursor.encode(positions, query.container());
    }

    /** Where each stream stands: the end of the last line delivered or passed over. */
    Map<StreamKey, Long> positions() {
        return Map.copyOf(positions);
    }

    /** Up to {@code maxLines} lines, or about {@code maxBytes}; empty when done, or (follow) when nothing is new. */
    public List<LogLine> next(int maxLines, long maxBytes) {
        if (done) {
            return List.of();
        }
        return db.read("read logs of " + query.target(), connection -> follow
                ? poll(connection, maxLines, maxBytes) : read(connection, maxLines, maxBytes));
    }

    private List<LogLine> read(Connection connection, int maxLines, long maxBytes) throws SQLException {
        List<LogLine> out = new ArrayList<>();
        long bytes = 0;
        while (out.size() < maxLines && bytes < maxBytes) {
            for (StreamState stream : streams) {
                while (stream.splitter.ready().isEmpty() && !stream.exhausted) {
                    fetch(connection, stream);
                }
                if (stream.splitter.ready().isEmpty() && stream.exhausted) {
                    stream.splitter.flush();
                }
            }
            StreamState best = earliest();
            if (best == null) {
                done = true;
                break;
            }
            bytes += consume(best.splitter.ready().poll(), out);
        }
        return out;
    }

    private List<LogLine> poll(Connection connection, int maxLines, long maxBytes) throws SQLException {
        if (discover != null && System.nanoTime() - discoveredAt > 1_000_000_000L) {
            discoveredAt = System.nanoTime();
            for (StreamKey key : discover.apply(connection)) {
                if (!positions.containsKey(key) && query.streams().contains(key.stream())) {
                    add(key, ChunkReader.StartPoint.BEGINNING);
                }
            }
        }
        long now = System.nanoTime();
        for (StreamState stream : streams) {
            if (stream.splitter.ready().isEmpty()) {
                fetch(connection, stream);
            }
            if (stream.splitter.ready().isEmpty() && stream.splitter.hasPending()) {
                int pending = stream.splitter.pendingLength();
                if (pending != stream.pendingLength) {
                    stream.pendingLength = pending;
                    stream.pendingSince = now;
                } else if (now - stream.pendingSince >= partialDelayNanos) {
                    stream.splitter.flush();
                    stream.pendingLength = -1;
                }
            }
        }
        List<LogLine> out = new ArrayList<>();
        long bytes = 0;
        while (out.size() < maxLines && bytes < maxBytes) {
            StreamState best = earliest();
            if (best == null) {
                break;
            }
            bytes += consume(best.splitter.ready().poll(), out);
        }
        return out;
    }

    /** The stream whose next ready line comes first (by arrival, then offset), or null if none has a line ready. */
    private @Nullable StreamState earliest() {
        StreamState best = null;
        LogLine bestHead = null;
        for (StreamState stream : streams) {
            LogLine head = stream.splitter.ready().peek();
            if (head != null && (bestHead == null || LogLine.order(head, bestHead) < 0)) {
                best = stream;
                bestHead = head;
            }
        }
        return best;
    }

    private void fetch(Connection connection, StreamState stream) throws SQLException {
        List<Chunk> chunks = ChunkReader.after(connection, stream.key.container(), stream.key.stream().code(),
                stream.fetchFrom, query.untilNs(), CHUNKS_PER_FETCH);
        if (chunks.isEmpty()) {
            stream.exhausted = true;
            return;
        }
        for (Chunk chunk : chunks) {
            stream.splitter.feed(chunk, stream.fetchFrom);
            stream.fetchFrom = chunk.endOffset();
        }
    }

    private int consume(LogLine line, List<LogLine> out) {
        positions.put(line.key(), line.end());
        if (line.skip() || !query.matchesTime(line.timeNs())) {
            return 0;
        }
        if (grep != null && !grep.matcher(new String(line.bytes(), StandardCharsets.UTF_8)).find()) {
            return 0;
        }
        out.add(withIds ? line.withId(cursor()) : line);
        return line.bytes().length + 64;
    }

    private static final class StreamState {
        final StreamKey key;
        final LineSplitter splitter;
        long fetchFrom;
        boolean exhausted;
        int pendingLength = -1;
        long pendingSince;

        StreamState(StreamKey key, LineSplitter splitter, long fetchFrom) {
            this.key = key;
            this.splitter = splitter;
            this.fetchFrom = fetchFrom;
        }
    }
}
