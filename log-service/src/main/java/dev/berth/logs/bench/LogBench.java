package dev.berth.logs.bench;

import dev.berth.logs.client.Ack;
import dev.berth.logs.client.LogShipperClient;
import dev.berth.logs.client.ShipException;
import dev.berth.logs.client.Source;
import dev.berth.logs.client.Stream;
import dev.berth.logs.client.WireWriter;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures a running log-service through its HTTP API, the way agents and the CLI use it:
 *
 * <ol>
 *   <li>ingest of 50 MB of 41-byte lines (one stream, batches of 1 MiB in records of 64 KiB, each sent after the
 *   previous was acked, as an agent sends one stream): the time until the last ack, which comes after commit;
 *   <li>reading it all back as plain text ({@code GET /api/v1/logs}, {@code Accept: text/plain}), bytes checked;
 *   <li>bytes on disk: the growth of {@code pg_total_relation_size} over the log tables, divided by the payload;
 *   <li>sustained ingest from 10 sources at once, 5 MB of lines each, in lines per second.
 * </ol>
 *
 * Arguments: {@code BASE_URL JDBC_URL USER PASSWORD SCHEMA ROUNDS}. Prints one tab-separated line per figure and round,
 * then the medians.
 */
public final class LogBench {
    private static final int PAYLOAD = 50_000_000;
    private static final byte[] LINE = "0123456789012345678901234567890123456789\n".getBytes(StandardCharsets.US_ASCII);

    private LogBench() {}

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        String jdbc = args[1];
        String user = args[2];
        String password = args[3];
        String schema = args[4];
        int rounds = Integer.parseInt(args[5]);
        LogShipperClient client = new LogShipperClient(base, Duration.ofSeconds(60));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] repeated = lines(PAYLOAD, false);
        byte[] varied = lines(PAYLOAD, true);
        List<Double> ingest = new ArrayList<>();
        List<Double> read = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        List<Double> ratioVaried = new ArrayList<>();
        List<Double> concurrent = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            String container = "bench-" + System.nanoTime() + "-" + round;
            long before = tableBytes(jdbc, user, password, schema);
            long started = System.nanoTime();
            ship(client, new Source("bench", "bench", container, Stream.STDOUT, "bench"), repeated, 1 << 20);
            double ingestSeconds = (System.nanoTime() - started) / 1e9;
            long after = tableBytes(jdbc, user, password, schema);
            started = System.nanoTime();
            long bytes = readAll(http, base, container);
            double readSeconds = (System.nanoTime() - started) / 1e9;
            if (bytes != PAYLOAD) {
                throw new IllegalStateException("read back " + bytes + " bytes, not " + PAYLOAD);
            }
            String variedContainer = container + "-varied";
            long beforeVaried = tableBytes(jdbc, user, password, schema);
            ship(client, new Source("bench", "bench", variedContainer, Stream.STDOUT, "bench"), varied, 1 << 20);
            long afterVaried = tableBytes(jdbc, user, password, schema);
            started = System.nanoTime();
            long lines = concurrent(client, container, 10, 5_000_000);
            double linesPerSecond = lines / ((System.nanoTime() - started) / 1e9);
            ingest.add(ingestSeconds);
            read.add(readSeconds);
            ratio.add((after - before) / (double) PAYLOAD);
            ratioVaried.add((afterVaried - beforeVaried) / (double) PAYLOAD);
            concurrent.add(linesPerSecond);
            System.out.printf("round %d\tingest %.3f s\tread %.3f s\tdisk/payload %.3f (varied lines %.3f)\t"
                    + "10 sources %.0f lines/s%n", round, ingestSeconds, readSeconds, ratio.getLast(),
                    ratioVaried.getLast(), linesPerSecond);
        }
        System.out.printf("median\tingest 50 MB %.3f s\tread 50 MB %.3f s\tdisk/payload %.3f (varied lines %.3f)\t"
                + "10 sources %.0f lines/s%n", median(ingest), median(read), median(ratio), median(ratioVaried),
                median(concurrent));
    }

    /** 41-byte lines: the same one over and over (figure 4's), or each with random digits (compresses less). */
    static byte[] lines(int size, boolean varied) {
        byte[] out = new byte[size];
        Random random = new Random(42);
        for (int at = 0; at < size; at += LINE.length) {
            int length = Math.min(LINE.length, size - at);
            System.arraycopy(LINE, 0, out, at, length);
            if (varied) {
                for (int i = 0; i < Math.min(40, length); i++) {
                    out[at + i] = (byte) ('0' + random.nextInt(10));
                }
            }
        }
        return out;
    }

    /** Sends {@code data} as one stream, batch after acked batch, each batch of records of 64 KiB. */
    static void ship(LogShipperClient client, Source source, byte[] data, int batchBytes) throws Exception {
        long acked = 0;
        while (acked < data.length) {
            WireWriter batch = new WireWriter();
            long stop = Math.min(data.length, acked + batchBytes);
            for (long at = acked; at < stop; at += 65536) {
                int length = (int) Math.min(65536, stop - at);
                batch.bytes(source, at, System.currentTimeMillis() * 1_000_000L, data, (int) at, length);
            }
            try {
                List<Ack> acks = client.ship(batch);
                acked = acks.getFirst().end();
            } catch (ShipException e) {
                if (!e.retryable()) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    static long concurrent(LogShipperClient client, String prefix, int sources, int bytesEach) throws Exception {
        byte[] data = lines(bytesEach, false);
        ExecutorService pool = Executors.newFixedThreadPool(sources);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < sources; i++) {
                Source source = new Source("bench", "bench", prefix + "-c" + i, Stream.STDOUT, "bench");
                done.add(pool.submit(() -> {
                    ship(client, source, data, 256 * 1024);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        return (long) sources * (bytesEach / LINE.length);
    }

    static long readAll(HttpClient http, URI base, String container) throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(base.resolve(
                "/api/v1/logs?tenant=bench&container=" + container)).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the query answered " + response.statusCode());
        }
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = response.body()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
            }
        }
        return total;
    }

    /** Everything the log tables take: every partition with its TOAST and indexes, and the other tables. */
    static long tableBytes(String jdbc, String user, String password, String schema) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbc, user, password);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)"
                     + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '"
                     + schema.replace("'", "") + "' AND c.relkind = 'r'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
