package dev.berth.logs.query;

import dev.berth.db.Database;
import dev.berth.logs.LogException;
import dev.berth.logs.Problem;
import dev.berth.logs.client.Stream;
import dev.berth.logs.store.ChunkReader;
import dev.berth.logs.store.ChunkReader.StartPoint;
import dev.berth.logs.store.StoredStream;
import dev.berth.logs.store.StreamRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Opens readers for queries: finds the target's streams (an unknown container and another tenant's are answered
 * alike), and where each stream's reading starts, from {@code after}, {@code tail} or {@code since}.
 */
public final class LogQueries {
    private final Database db;
    private final int maxLine;
    private final long partialDelayNanos;

    public LogQueries(Database db, int maxLine, long partialDelayNanos) {
        this.db = db;
        this.maxLine = maxLine;
        this.partialDelayNanos = partialDelayNanos;
    }

    public LogReader open(LogQuery query) {
        List<StoredStream> rows = db.read("find the streams of " + query.target(), connection ->
                query.container() != null ? StreamRows.ofContainer(connection, query.container())
                        : StreamRows.ofApp(connection, query.tenant(), query.app()));
        if (rows.isEmpty() || !rows.getFirst().tenant().equals(query.tenant())) {
            throw new LogException(Problem.UNKNOWN_TARGET, "tenant " + query.tenant() + " has no "
                    + query.target() + " with logs");
        }
        Map<StreamKey, StoredStream> selected = new TreeMap<>();
        for (StoredStream row : rows) {
            Stream stream = Stream.ofCode(row.stream());
            if (query.streams().contains(stream)) {
                selected.put(new StreamKey(row.container(), stream), row);
            }
        }
        @org.jspecify.annotations.Nullable Function<Connection, List<StreamKey>> discover = query.app() == null ? null : connection -> {
            try {
                List<StreamKey> keys = new ArrayList<>();
                for (StoredStream row : StreamRows.ofApp(connection, query.tenant(), query.app())) {
                    keys.add(new StreamKey(row.container(), Stream.ofCode(row.stream())));
                }
                return keys;
            } catch (SQLException e) {
                throw new dev.berth.logs.db.DatabaseException("find the streams of " + query.target(), e);
            }
        };
        Map<StreamKey, StartPoint> starts;
        if (query.after() != null) {
            starts = new HashMap<>();
            for (StreamKey key : selected.keySet()) {
                starts.put(key, new StartPoint(query.after().offsetOf(key), false));
            }
        } else if (query.tail() >= 0) {
            starts = tailStarts(query, selected);
        } else if (query.sinceNs() != Long.MIN_VALUE) {
            starts = db.read("find where " + query.target() + " reaches since", connection -> {
                Map<StreamKey, StartPoint> points = new HashMap<>();
                for (Map.Entry<StreamKey, StoredStream> entry : selected.entrySet()) {
                    StartPoint point = ChunkReader.firstSince(connection, entry.getKey().container(),
                            entry.getKey().stream().code(), query.sinceNs());
                    points.put(entry.getKey(), point.atEnd() ? new StartPoint(entry.getValue().endOffset(), false)
                            : point);
                }
                return points;
            });
        } else {
            starts = new HashMap<>();
            for (StreamKey key : selected.keySet()) {
                starts.put(key, StartPoint.BEGINNING);
            }
        }
        return new LogReader(db, query, starts, maxLine, partialDelayNanos, query.follow(), true, discover);
    }

    /**
     * The starts of the last {@code tail} lines: a first pass, from a start that surely holds them, notes where each
     * of the last lines begins, without keeping their bytes; the reading proper starts there.
     */
    private Map<StreamKey, StartPoint> tailStarts(LogQuery query, Map<StreamKey, StoredStream> selected) {
        Map<StreamKey, StartPoint> rough = db.read("find the tail of " + query.target(), connection -> {
            Map<StreamKey, StartPoint> points = new HashMap<>();
            for (Map.Entry<StreamKey, StoredStream> entry : selected.entrySet()) {
                StreamKey key = entry.getKey();
                long end = entry.getValue().endOffset();
                StartPoint point = query.tail() == 0 ? StartPoint.END
                        : ChunkReader.forTail(connection, key.container(), key.stream().code(), query.tail(),
                        query.untilNs());
                if (!point.atEnd() && query.sinceNs() != Long.MIN_VALUE) {
                    StartPoint since = ChunkReader.firstSince(connection, key.container(), key.stream().code(),
                            query.sinceNs());
                    point = since.atEnd() ? new StartPoint(end, false)
                            : since.offset() > point.offset() ? since : point;
                }
                points.put(key, point.atEnd() ? new StartPoint(end, false) : point);
            }
            return points;
        });
        if (query.tail() == 0) {
            return rough;
        }
        LogQuery noGrep = new LogQuery(query.tenant(), query.container(), query.app(), query.streams(),
                query.sinceNs(), query.untilNs(), -1, null, false, false, null);
        LogReader pass = new LogReader(db, noGrep, rough, maxLine, partialDelayNanos, false, false, null);
        Deque<LogLine> last = new ArrayDeque<>();
        while (!pass.done()) {
            for (LogLine line : pass.next(8192, 8L << 20)) {
                if (last.size() == query.tail()) {
                    last.removeFirst();
                }
                // Only where it is: the bytes are read again by the reading proper.
                last.addLast(new LogLine(line.key(), line.start(), line.end(), 0, new byte[0], true, false, null));
            }
        }
        Map<StreamKey, StartPoint> starts = new HashMap<>();
        for (LogLine line : last) {
            starts.putIfAbsent(line.key(), new StartPoint(line.start(), false));
        }
        pass.positions().forEach((key, position) -> starts.putIfAbsent(key, new StartPoint(position, false)));
        return starts;
    }
}
