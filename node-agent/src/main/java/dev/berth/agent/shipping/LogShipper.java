package dev.berth.agent.shipping;

import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.Syscalls;
import dev.berth.agent.metrics.AgentMeters;
import dev.berth.agent.stdio.LogIndex;
import dev.berth.logs.client.Ack;
import dev.berth.logs.client.LogShipperClient;
import dev.berth.logs.client.LogWire;
import dev.berth.logs.client.ShipException;
import dev.berth.logs.client.Source;
import dev.berth.logs.client.Stream;
import dev.berth.logs.client.WireWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships every container's output to log-service, from the log files themselves: one platform thread for the node,
 * woken when a log grows (and every 100 ms when idle), reading each stream from its acknowledged offset.
 *
 * <ul>
 *   <li>Records carry the arrival time of the index entry their bytes belong to, and never span two entries, so
 *       log-service stores the times the agent recorded.</li>
 *   <li>One batch at a time for the whole node, so a stream never has two batches in flight and its offsets reach
 *       log-service in order (two in flight could commit out of order and leave a gap; see ingest.md).</li>
 *   <li>An offset is saved only after log-service answered 200; after any failure the bytes are sent again from the
 *       last ack, and log-service drops what it already holds.</li>
 *   <li>The containers never wait for it: they write to their files, the shipper only reads them.</li>
 * </ul>
 */
public final class LogShipper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogShipper.class);
    private static final long IDLE_POLL_MILLIS = 100;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int INDEX_CHUNK = 4096;
    /** Room kept in a batch for a source record's header and JSON (names of at most 128 characters). */
    private static final int SOURCE_RESERVE = LogWire.SOURCE_HEADER + 700;
    private static final int FALLOC_FL_KEEP_SIZE = 0x01;
    private static final int FALLOC_FL_PUNCH_HOLE = 0x02;

    private final ShippingSettings settings;
    private final LogShipperClient client;
    private final Syscalls sys;
    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    /** Streams of a batch refused with a 4xx, sent alone until the one at fault is found. */
    private final Set<StreamState> suspects = new LinkedHashSet<>();
    private final Object signal = new Object();
    private boolean signalled;
    private volatile Supplier<List<ShippedContainer>> live = List::of;
    private volatile @Nullable Thread thread;
    private volatile boolean running;
    private volatile long spoolBytes;
    private volatile long oldestUnshippedNanos;
    private Duration backoff = FIRST_BACKOFF;

    private final Counter shippedBytes;
    private final Counter shippedRecords;
    private final Counter droppedBytes;
    private final Timer batchTimer;
    private final MeterRegistry meters;

    public LogShipper(ShippingSettings settings, LogShipperClient client, Syscalls sys, MeterRegistry meters) {
        this.settings = settings;
        this.client = client;
        this.sys = sys;
        this.meters = meters;
        this.shippedBytes = Counter.builder(AgentMeters.LOGS_SHIPPED_BYTES.meterName())
                .description(AgentMeters.LOGS_SHIPPED_BYTES.description()).baseUnit("bytes").register(meters);
        this.shippedRecords = Counter.builder(AgentMeters.LOGS_SHIPPED_RECORDS.meterName())
                .description(AgentMeters.LOGS_SHIPPED_RECORDS.description()).register(meters);
        this.droppedBytes = Counter.builder(AgentMeters.LOGS_DROPPED.meterName())
                .description(AgentMeters.LOGS_DROPPED.description()).baseUnit("bytes").register(meters);
        this.batchTimer = Timer.builder(AgentMeters.LOGS_BATCH.meterName())
                .description(AgentMeters.LOGS_BATCH.description()).register(meters);
        Gauge.builder(AgentMeters.LOGS_SPOOL.meterName(), this, LogShipper::spoolBytes)
                .description(AgentMeters.LOGS_SPOOL.description()).baseUnit("bytes").register(meters);
        Gauge.builder(AgentMeters.LOGS_LAG.meterName(), this, LogShipper::lagSeconds)
                .description(AgentMeters.LOGS_LAG.description()).baseUnit("seconds").register(meters);
    }

    public ShippingSettings settings() {
        return settings;
    }

    /**
     * Starts shipping the containers {@code live} lists (asked again every round) and whatever waits in the spool
     * directory from before a restart.
     */
    public void start(Supplier<List<ShippedContainer>> live) {
        open(live);
        running = true;
        thread = Thread.ofPlatform().name("berth-log-shipper").daemon().start(this::run);
    }

    /** Takes what to ship, without the thread: the tests drive {@link #round} themselves. */
    void open(Supplier<List<ShippedContainer>> live) {
        this.live = live;
        loadSpool();
    }

    /** Makes the shipper look at the logs now rather than at its next poll. */
    public void wake() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    // --- removal ----------------------------------------------------------------------------------------------

    /**
     * Moves a removed container's logs, indexes and shipped offsets into {@code log-spool/<id>/} (a rename, on the
     * same filesystem), where they stay until shipped. Call once the logs are indexed to their end and before the
     * container's directory is deleted.
     */
    public void retire(ShippedContainer container) {
        Target target = targets.computeIfAbsent(container.id(), id -> new Target(container, true));
        synchronized (target) {
            if (!target.live) {
                return;
            }
            Path spool = settings.spoolDir().resolve(container.id());
            try {
                Files.createDirectories(spool);
                // The names first: a spool directory without them could not be shipped after a restart.
                target.offsets().write(spool);
                for (Stream stream : Stream.values()) {
                    String name = stream.wireName();
                    for (String file : List.of(name + ".log", name + ".idx")) {
                        Path from = target.directory.resolve(file);
                        if (Files.exists(from)) {
                            Files.move(from, spool.resolve(file), StandardCopyOption.ATOMIC_MOVE);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move the logs of container " + container.id() + " to "
                        + spool, e);
            }
            target.directory = spool;
            target.live = false;
        }
        wake();
    }

    // --- visibility -------------------------------------------------------------------------------------------

    /** Bytes a stream's log holds and the offset below which all are shipped (or dropped by the spool cap). */
    public record Progress(long written, long shipped) {}

    /** Per stream of a container that has a log file, by its wire name. */
    public Map<String, Progress> progress(String containerId, Path directory) {
        Target target = targets.get(containerId);
        ShippedOffsets saved = target == null ? ShippedOffsets.read(directory) : null;
        Map<String, Progress> progress = new LinkedHashMap<>();
        for (Stream stream : List.of(Stream.STDOUT, Stream.STDERR, Stream.STDIN)) {
            Path dir = target == null ? directory : target.directory;
            Path logFile = dir.resolve(stream.wireName() + ".log");
            if (!Files.exists(logFile)) {
                continue;
            }
            long written;
            try {
                written = Files.size(logFile);
            } catch (IOException e) {
                continue;
            }
            long shipped = target != null ? target.stream(stream).from : saved == null ? 0 : saved.of(stream);
            progress.put(stream.wireName(), new Progress(written, shipped));
        }
        return progress;
    }

    /** Bytes indexed and not yet shipped nor dropped, on the whole node, as of the last round. */
    public long spoolBytes() {
        return spoolBytes;
    }

    /** Seconds since the oldest unshipped byte arrived, as of the last round; 0 when all is shipped. */
    public double lagSeconds() {
        long oldest = oldestUnshippedNanos;
        return oldest == 0 ? 0 : Math.max(0, (nowNanos() - oldest) / 1e9);
    }

    // --- the loop ---------------------------------------------------------------------------------------------

    private void run() {
        while (running) {
            try {
                Outcome outcome = round();
                switch (outcome) {
                    case SENT_FULL -> { }
                    case FAILED -> sleep(backoff());
                    case SENT, IDLE -> awaitSignal();
                }
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("log shipper: {}", e.toString());
                    sleep(Duration.ofSeconds(1));
                }
            }
        }
    }

    enum Outcome { IDLE, SENT, SENT_FULL, FAILED }

    /** One pass: refresh what is shipped, enforce the cap, send one batch. Package-private for the tests. */
    Outcome round() {
        refresh();
        measure();
        enforceCap();
        Batch batch = build();
        if (batch.pieces.isEmpty()) {
            deleteDrained();
            return Outcome.IDLE;
        }
        Timer.Sample sample = Timer.start(meters);
        List<Ack> acks;
        try {
            acks = client.ship(batch.body.toByteArray());
        } catch (ShipException e) {
            return failed(batch, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
        sample.stop(batchTimer);
        backoff = FIRST_BACKOFF;
        applyAcks(batch, acks);
        deleteDrained();
        return batch.full ? Outcome.SENT_FULL : Outcome.SENT;
    }

    private Outcome failed(Batch batch, ShipException e) {
        String reason = e.status() == 0 ? "unreachable" : e.status() == 429 ? "throttled"
                : e.status() == 401 ? "unauthorized" : e.retryable() ? "unavailable" : "refused";
        Counter.builder(AgentMeters.LOGS_FAILURES.meterName()).description(AgentMeters.LOGS_FAILURES.description())
                .tag("reason", reason).register(meters).increment();
        if (e.status() == 401) {
            log.warn("log-service wants the internal token (berth.internal.token-file), and not none or another; will"
                    + " retry: {}", e.getMessage());
        }
        if (e.retryable()) {
            log.debug("log batch not shipped, will retry: {}", e.getMessage());
            return Outcome.FAILED;
        }
        Set<StreamState> streams = new LinkedHashSet<>();
        for (Piece piece : batch.pieces) {
            streams.add(piece.stream);
        }
        if (streams.size() == 1) {
            StreamState stream = streams.iterator().next();
            stream.stopped = true;
            suspects.remove(stream);
            log.error("log-service refused the logs of container {} ({}); that stream is no longer shipped: {}",
                    stream.owner.id, stream.stream.wireName(), e.getMessage());
        } else {
            suspects.addAll(streams);
        }
        return Outcome.SENT;
    }

    private void applyAcks(Batch batch, List<Ack> acks) {
        Map<String, Long> ends = new HashMap<>();
        for (Ack ack : acks) {
            ends.put(ack.container() + "/" + ack.stream().wireName(), ack.end());
        }
        Set<Target> touched = new LinkedHashSet<>();
        for (Piece piece : batch.pieces) {
            StreamState stream = piece.stream;
            Long end = ends.get(stream.owner.id + "/" + stream.stream.wireName());
            synchronized (stream.owner) {
                if (end != null && end >= stream.from) {
                    shippedBytes.increment(Math.min(end, piece.to) - stream.from);
                    shippedRecords.increment(piece.records);
                    stream.from = end;
                }
                touched.add(stream.owner);
            }
            suspects.remove(stream);
        }
        for (Target target : touched) {
            synchronized (target) {
                target.offsets().write(target.directory);
            }
        }
    }

    // --- what is shipped --------------------------------------------------------------------------------------

    private void loadSpool() {
        if (!Files.isDirectory(settings.spoolDir())) {
            return;
        }
        try (var dirs = Files.list(settings.spoolDir())) {
            for (Path dir : dirs.toList()) {
                ShippedOffsets saved = ShippedOffsets.read(dir);
                if (saved == null) {
                    log.warn("log spool directory {} has no readable shipped offsets; shipping it from the start "
                            + "under the node's tenant", dir);
                    saved = new ShippedOffsets(settings.tenant(), SourceNames.sanitize(dir.getFileName().toString()),
                            Map.of());
                }
                String id = dir.getFileName().toString();
                targets.putIfAbsent(id, new Target(new ShippedContainer(id, saved.tenant(), saved.app(), dir),
                        false));
            }
        } catch (IOException e) {
            log.warn("cannot list the log spool {}: {}", settings.spoolDir(), e.toString());
        }
    }

    /** Adds containers that appeared and forgets those gone (a removed container's target was retired first). */
    private void refresh() {
        Set<String> present = new HashSet<>();
        for (ShippedContainer container : live.get()) {
            present.add(container.id());
            targets.computeIfAbsent(container.id(), id -> new Target(container, true));
        }
        targets.values().removeIf(t -> t.live && !present.contains(t.id));
    }

    /**
     * Reads each stream's indexed end and the arrival of its oldest unshipped byte; sums the spool. An index whose
     * size has not changed costs one stat, and a stream whose offset has not moved is not searched again: idle
     * rounds come ten times a second.
     */
    private void measure() {
        long total = 0;
        long oldest = 0;
        for (Target target : targets.values()) {
            synchronized (target) {
                for (StreamState stream : target.streams.values()) {
                    refreshIndexed(target, stream);
                    if (stream.stopped || stream.backlog() == 0) {
                        continue;
                    }
                    total += stream.backlog();
                    if (stream.locatedFrom != stream.from) {
                        LogIndex.Entry entry = locate(target, stream);
                        stream.oldestNanos = entry == null ? Long.MAX_VALUE : entry.nanos();
                        stream.locatedFrom = entry == null ? -1 : stream.from;
                    }
                    if (stream.oldestNanos != Long.MAX_VALUE && (oldest == 0 || stream.oldestNanos < oldest)) {
                        oldest = stream.oldestNanos;
                    }
                }
            }
        }
        spoolBytes = total;
        oldestUnshippedNanos = oldest;
    }

    private static void refreshIndexed(Target target, StreamState stream) {
        Path index = target.index(stream.stream);
        long size;
        try {
            size = Files.size(index);
        } catch (IOException e) {
            size = 0;
        }
        if (size != stream.indexSize) {
            stream.indexed = LogIndex.lastEnd(index);
            stream.indexSize = size;
        }
    }

    /** The index entry holding the stream's first unshipped byte, moving the stream's hint up to it. */
    private static LogIndex.@Nullable Entry locate(Target target, StreamState stream) {
        while (true) {
            List<LogIndex.Entry> entries = LogIndex.read(target.index(stream.stream), stream.entry, INDEX_CHUNK);
            if (entries.isEmpty()) {
                return null;
            }
            for (LogIndex.Entry entry : entries) {
                if (entry.end() > stream.from) {
                    return entry;
                }
                stream.entry++;
            }
        }
    }

    // --- the cap ----------------------------------------------------------------------------------------------

    /**
     * Past the cap, skips the oldest unshipped bytes of the streams with the largest backlogs, leveling them down
     * until the total is back under the cap. log-service records the skipped range as a gap. Only files already in
     * the spool (of removed containers) get their skipped blocks freed: a live container's log is still read by
     * {@code berth logs}.
     */
    private void enforceCap() {
        if (!settings.dropOldest() || spoolBytes <= settings.spoolCap()) {
            return;
        }
        List<StreamState> streams = new ArrayList<>();
        for (Target target : targets.values()) {
            for (StreamState stream : target.streams.values()) {
                if (!stream.stopped && stream.backlog() > 0) {
                    streams.add(stream);
                }
            }
        }
        Map<StreamState, Long> drops = levelDown(streams, spoolBytes - settings.spoolCap());
        long dropped = 0;
        for (Map.Entry<StreamState, Long> drop : drops.entrySet()) {
            StreamState stream = drop.getKey();
            Target target = stream.owner;
            synchronized (target) {
                stream.from += drop.getValue();
                dropped += drop.getValue();
                target.offsets().write(target.directory);
                if (!target.live) {
                    punchHole(target.log(stream.stream), stream.from);
                }
            }
            suspects.remove(stream);
        }
        droppedBytes.increment(dropped);
        spoolBytes -= dropped;
        log.warn("log spool past its cap of {} bytes: dropped the oldest {} unshipped bytes of {} streams",
                settings.spoolCap(), dropped, drops.size());
    }

    /**
     * How much to skip of each stream so that {@code excess} bytes go, taken from the largest backlogs first: they
     * are cut down to one common level, so the largest writer pays and small streams keep everything.
     */
    static Map<StreamState, Long> levelDown(List<StreamState> streams, long excess) {
        List<StreamState> sorted = new ArrayList<>(streams);
        sorted.sort(Comparator.comparingLong(StreamState::backlog).reversed());
        Map<StreamState, Long> drops = new LinkedHashMap<>();
        long sum = 0;
        for (int k = 0; k < sorted.size(); k++) {
            sum += sorted.get(k).backlog();
            long next = k + 1 < sorted.size() ? sorted.get(k + 1).backlog() : 0;
            // Cutting the first k+1 streams down to the next one's backlog frees this much:
            if (sum - (long) (k + 1) * next >= excess) {
                long level = Math.max(0, Math.floorDiv(sum - excess, k + 1));
                for (int i = 0; i <= k; i++) {
                    long drop = sorted.get(i).backlog() - level;
                    if (drop > 0) {
                        drops.put(sorted.get(i), drop);
                    }
                }
                return drops;
            }
        }
        return drops;
    }

    private void punchHole(Path logFile, long end) {
        try {
            int fd = sys.open(logFile.toString(), OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC, 0);
            try {
                sys.fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, end);
            } finally {
                sys.close(fd);
            }
        } catch (RuntimeException e) {
            // The bytes are skipped all the same; only the disk space is not given back before the drain.
            log.debug("cannot free the dropped bytes of {}: {}", logFile, e.toString());
        }
    }

    // --- batches ----------------------------------------------------------------------------------------------

    private record Piece(StreamState stream, long to, int records) {}

    private static final class Batch {
        final WireWriter body = new WireWriter();
        final List<Piece> pieces = new ArrayList<>();
        boolean full;
    }

    /** Up to batch-bytes of the streams with the oldest unshipped bytes first (suspects alone, one at a time). */
    private Batch build() {
        Batch batch = new Batch();
        List<StreamState> order = new ArrayList<>();
        suspects.removeIf(s -> s.stopped || s.backlog() == 0 || !targets.containsKey(s.owner.id));
        if (!suspects.isEmpty()) {
            order.add(suspects.iterator().next());
        } else {
            for (Target target : targets.values()) {
                for (StreamState stream : target.streams.values()) {
                    if (!stream.stopped && stream.backlog() > 0) {
                        order.add(stream);
                    }
                }
            }
            order.sort(Comparator.comparingLong(s -> s.oldestNanos));
        }
        for (StreamState stream : order) {
            int room = settings.batchBytes() - batch.body.size() - SOURCE_RESERVE - LogWire.BYTES_HEADER;
            if (room <= 0) {
                batch.full = true;
                break;
            }
            synchronized (stream.owner) {
                Piece piece = read(stream, batch.body, room);
                if (piece != null) {
                    batch.pieces.add(piece);
                    // A stream that had more indexed than fitted: the next batch goes at once, without waiting for
                    // a log to grow (a container that has exited writes no more to wake the shipper).
                    batch.full |= piece.to() < stream.indexed;
                }
            }
        }
        return batch;
    }

    /**
     * Adds records of one stream from its unshipped offset, each within one index entry and at most record-bytes,
     * until {@code room} bytes (headers included) are used or the indexed end is reached.
     */
    private @Nullable Piece read(StreamState stream, WireWriter body, int room) {
        Target target = stream.owner;
        long pos = stream.from;
        int records = 0;
        try (FileChannel channel = FileChannel.open(target.log(stream.stream), StandardOpenOption.READ)) {
            int hint = stream.entry;
            outer:
            while (pos < stream.indexed) {
                List<LogIndex.Entry> entries = LogIndex.read(target.index(stream.stream), hint, INDEX_CHUNK);
                if (entries.isEmpty()) {
                    break;
                }
                for (LogIndex.Entry entry : entries) {
                    hint++;
                    if (entry.end() <= pos) {
                        continue;
                    }
                    while (pos < entry.end()) {
                        int n = (int) Math.min(Math.min(entry.end() - pos, settings.recordBytes()),
                                room - LogWire.BYTES_HEADER);
                        if (n <= 0) {
                            break outer;
                        }
                        byte[] bytes = new byte[n];
                        ByteBuffer buffer = ByteBuffer.wrap(bytes);
                        while (buffer.hasRemaining()) {
                            if (channel.read(buffer, pos + buffer.position()) < 0) {
                                break outer; // the file is shorter than its index says
                            }
                        }
                        body.bytes(stream.source(), pos, entry.nanos(), bytes);
                        room -= LogWire.BYTES_HEADER + n;
                        pos += n;
                        records++;
                    }
                }
            }
        } catch (IOException e) {
            log.warn("cannot read the log {}: {}", target.log(stream.stream), e.toString());
        }
        return records == 0 ? null : new Piece(stream, pos, records);
    }

    /** Deletes spool directories whose every stream is shipped (or stopped). */
    private void deleteDrained() {
        for (Target target : List.copyOf(targets.values())) {
            synchronized (target) {
                if (target.live) {
                    continue;
                }
                boolean drained = true;
                for (StreamState stream : target.streams.values()) {
                    refreshIndexed(target, stream);
                    drained &= stream.stopped || stream.backlog() == 0;
                }
                if (drained) {
                    deleteTree(target.directory);
                    targets.remove(target.id, target);
                    log.debug("logs of removed container {} shipped; spool deleted", target.id);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, @Nullable IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("cannot delete the log spool {}: {}", dir, e.toString());
        }
    }

    // --- waiting ----------------------------------------------------------------------------------------------

    private Duration backoff() {
        Duration current = backoff;
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        return current;
    }

    private void awaitSignal() {
        synchronized (signal) {
            if (!signalled) {
                try {
                    signal.wait(IDLE_POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            signalled = false;
        }
    }

    private void sleep(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // --- state ------------------------------------------------------------------------------------------------

    /** One container's logs being shipped: where they are now, and each stream's progress. */
    private final class Target {
        final String id;
        final String tenant;
        final String app;
        volatile Path directory;
        volatile boolean live;
        final Map<Stream, StreamState> streams = new EnumMap<>(Stream.class);

        Target(ShippedContainer container, boolean live) {
            this.id = container.id();
            this.tenant = container.tenant();
            this.app = container.app();
            this.directory = container.directory();
            this.live = live;
            ShippedOffsets saved = ShippedOffsets.read(directory);
            for (Stream stream : Stream.values()) {
                Source source = new Source(tenant, app, id, stream, settings.node());
                streams.put(stream, new StreamState(this, stream, source, saved == null ? 0 : saved.of(stream)));
            }
        }

        StreamState stream(Stream stream) {
            return streams.get(stream);
        }

        Path log(Stream stream) {
            return directory.resolve(stream.wireName() + ".log");
        }

        Path index(Stream stream) {
            return directory.resolve(stream.wireName() + ".idx");
        }

        ShippedOffsets offsets() {
            Map<Stream, Long> offsets = new EnumMap<>(Stream.class);
            for (StreamState stream : streams.values()) {
                if (stream.from > 0) {
                    offsets.put(stream.stream, stream.from);
                }
            }
            return new ShippedOffsets(tenant, app, offsets);
        }
    }

    /** One stream: {@code from} is the offset below which log-service holds every byte, or the cap dropped it. */
    static final class StreamState {
        final Target owner;
        final Stream stream;
        final Source source;
        long from;
        long indexed;
        /** The index file's size when {@code indexed} was read: -1 before the first read. */
        long indexSize = -1;
        /** The offset {@code oldestNanos} was found for: -1 when it must be looked up. */
        long locatedFrom = -1;
        /** The index record where {@code from} lies, or before it: where a search for it starts. */
        int entry;
        long oldestNanos;
        boolean stopped;

        StreamState(Target owner, Stream stream, Source source, long from) {
            this.owner = owner;
            this.stream = stream;
            this.source = source;
            this.from = from;
        }

        Source source() {
            return source;
        }

        long backlog() {
            return Math.max(0, indexed - from);
        }
    }
}
