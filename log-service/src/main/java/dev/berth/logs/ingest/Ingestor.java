package dev.berth.logs.ingest;

import dev.berth.db.Database;
import dev.berth.logs.LogException;
import dev.berth.logs.Problem;
import dev.berth.logs.client.Ack;
import dev.berth.logs.client.Source;
import dev.berth.logs.client.Stream;
import dev.berth.logs.client.WireFormatException;
import dev.berth.logs.client.WireReader;
import dev.berth.logs.client.WireRecord;
import dev.berth.logs.metrics.LogMetrics;
import dev.berth.logs.store.Chunk;
import dev.berth.logs.store.ChunkCopy;
import dev.berth.logs.store.Days;
import dev.berth.logs.store.Partitions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores a batch in one transaction and answers, per stream, the end offset committed. Bytes below a stream's stored
 * end are dropped (an agent sending again after a lost ack), bytes beyond it are kept and the skipped range recorded
 * as a gap. Streams are locked in one order (container, stream), so concurrent batches never deadlock.
 */
public final class Ingestor {
    /** Arrival times earlier than 2000-01-01 or later than a day ahead are refused: a clock or an encoder is wrong. */
    private static final long EARLIEST_NS = 946_684_800_000_000_000L;

    private final Database db;
    private final Partitions partitions;
    private final LogMetrics metrics;
    private final int maxChunk;
    private final int maxRecord;
    private final JsonMapper json = JsonMapper.builder().build();

    public Ingestor(Database db, Partitions partitions, LogMetrics metrics, int maxChunk, int maxRecord) {
        this.db = db;
        this.partitions = partitions;
        this.metrics = metrics;
        this.maxChunk = maxChunk;
        this.maxRecord = maxRecord;
    }

    public IngestResult ingest(byte[] body, int length) {
        Map<Source, List<WireRecord.BytesRecord>> bySource = decode(body, length);
        // Sorted: the lock order.
        TreeMap<Source, List<WireRecord.BytesRecord>> sorted = new TreeMap<>(
                Comparator.comparing(Source::container).thenComparing(source -> source.stream().code()));
        for (Map.Entry<Source, List<WireRecord.BytesRecord>> entry : bySource.entrySet()) {
            List<WireRecord.BytesRecord> previous = sorted.putIfAbsent(entry.getKey(), entry.getValue());
            if (previous != null) {
                throw new LogException(Problem.INVALID_BATCH, "the batch declares " + entry.getKey().container() + " "
                        + entry.getKey().stream().wireName() + " twice, with different owners");
            }
        }
        TreeSet<LocalDate> days = new TreeSet<>();
        for (List<WireRecord.BytesRecord> records : sorted.values()) {
            for (WireRecord.BytesRecord record : records) {
                days.add(Days.dayOf(record.arrivalNanos()));
            }
        }
        partitions.ensure(days);
        IngestResult result = db.transaction("store a log batch", connection -> store(connection, sorted));
        metrics.ingested(result.storedBytes(), result.records(), result.duplicateBytes(), result.gaps(),
                result.newestArrivalNs());
        return result;
    }

    private IngestResult store(Connection connection, TreeMap<Source, List<WireRecord.BytesRecord>> sources)
            throws SQLException {
        List<Ack> acks = new ArrayList<>();
        List<Chunk> chunks = new ArrayList<>();
        long stored = 0;
        long records = 0;
        long duplicate = 0;
        long gaps = 0;
        long newest = 0;
        try (PreparedStatement register = connection.prepareStatement("INSERT INTO streams (container, stream,"
                + " tenant, app, node) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
             PreparedStatement lock = connection.prepareStatement("SELECT tenant, app, end_offset, ends_line, last_ns"
                     + " FROM streams WHERE container = ? AND stream = ? FOR UPDATE");
             PreparedStatement gap = connection.prepareStatement("INSERT INTO gaps (container, stream, from_offset,"
                     + " to_offset) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
             PreparedStatement advance = connection.prepareStatement("UPDATE streams SET end_offset = ?,"
                     + " ends_line = ?, last_ns = ?, gap_bytes = gap_bytes + ?, node = ?, updated_at = now()"
                     + " WHERE container = ? AND stream = ?")) {
            for (Map.Entry<Source, List<WireRecord.BytesRecord>> entry : sources.entrySet()) {
                Source source = entry.getKey();
                int stream = source.stream().code();
                register.setString(1, source.container());
                register.setInt(2, stream);
                register.setString(3, source.tenant());
                register.setString(4, source.app());
                register.setString(5, source.node());
                register.executeUpdate();
                lock.setString(1, source.container());
                lock.setInt(2, stream);
                long end;
                boolean endsLine;
                long lastNs;
                try (ResultSet row = lock.executeQuery()) {
                    row.next();
                    if (!row.getString(1).equals(source.tenant()) || !row.getString(2).equals(source.app())) {
                        throw new LogException(Problem.SOURCE_CONFLICT, "container " + source.container()
                                + " is already known as another tenant's or app's; its logs stay with it");
                    }
                    end = row.getLong(3);
                    endsLine = row.getBoolean(4);
                    lastNs = row.getLong(5);
                }
                ChunkBuilder builder = new ChunkBuilder(source.tenant(), source.app(), source.container(), stream,
                        maxChunk, endsLine);
                long gapBytes = 0;
                for (WireRecord.BytesRecord record : entry.getValue()) {
                    records++;
                    long offset = record.offset();
                    int position = record.position();
                    int length = record.length();
                    if (offset + length <= end) {
                        duplicate += length;
                        continue;
                    }
                    if (offset < end) {
                        int skip = (int) (end - offset);
                        duplicate += skip;
                        offset += skip;
                        position += skip;
                        length -= skip;
                    } else if (offset > end) {
                        gap.setString(1, source.container());
                        gap.setInt(2, stream);
                        gap.setLong(3, end);
                        gap.setLong(4, offset);
                        gap.executeUpdate();
                        gaps++;
                        gapBytes += offset - end;
                    }
                    if (length == 0) {
                        continue;
                    }
                    builder.append(offset, record.arrivalNanos(), record.buffer(), position, length);
                    end = offset + length;
                    stored += length;
                    lastNs = Math.max(lastNs, record.arrivalNanos());
                    newest = Math.max(newest, record.arrivalNanos());
                }
                chunks.addAll(builder.finish());
                advance.setLong(1, end);
                advance.setBoolean(2, builder.endsLine());
                advance.setLong(3, lastNs);
                advance.setLong(4, gapBytes);
                advance.setString(5, source.node());
                advance.setString(6, source.container());
                advance.setInt(7, stream);
                advance.executeUpdate();
                acks.add(new Ack(source.container(), source.stream(), end));
            }
        }
        ChunkCopy.copy(connection, chunks);
        return new IngestResult(acks, stored, records, duplicate, gaps, newest);
    }

    private Map<Source, List<WireRecord.BytesRecord>> decode(byte[] body, int length) {
        WireReader reader = new WireReader(body, length, maxRecord);
        Map<Integer, Source> declared = new HashMap<>();
        Map<Source, List<WireRecord.BytesRecord>> bySource = new HashMap<>();
        long now = System.currentTimeMillis() * 1_000_000L;
        try {
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case WireRecord.SourceRecord source -> {
                        Source parsed = parseSource(source.json());
                        declared.put(source.index(), parsed);
                        bySource.computeIfAbsent(parsed, ignored -> new ArrayList<>());
                    }
                    case WireRecord.BytesRecord bytes -> {
                        Source source = declared.get(bytes.source());
                        if (source == null) {
                            throw new LogException(Problem.INVALID_BATCH, "a bytes record refers to source "
                                    + bytes.source() + ", which no source record before it declared");
                        }
                        if (bytes.arrivalNanos() < EARLIEST_NS || bytes.arrivalNanos() > now + Days.NANOS_PER_DAY) {
                            throw new LogException(Problem.INVALID_BATCH, "arrival time " + bytes.arrivalNanos()
                                    + " ns of " + source.container() + " " + source.stream().wireName()
                                    + " is not between 2000-01-01 and a day from now: epoch nanoseconds expected");
                        }
                        bySource.get(source).add(bytes);
                    }
                }
            }
        } catch (WireFormatException e) {
            throw new LogException(e.tooLarge() ? Problem.TOO_LARGE : Problem.INVALID_BATCH, e.getMessage(), e);
        }
        return bySource;
    }

    private Source parseSource(byte[] bytes) {
        try {
            JsonNode node = json.readTree(bytes);
            return new Source(text(node, "tenant"), text(node, "app"), text(node, "container"),
                    Stream.parse(text(node, "stream")), text(node, "node"));
        } catch (JacksonException e) {
            throw new LogException(Problem.INVALID_BATCH, "a source record's JSON is malformed: "
                    + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new LogException(Problem.INVALID_BATCH, "a source record is invalid: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not a string");
        }
        return value.asString();
    }
}
