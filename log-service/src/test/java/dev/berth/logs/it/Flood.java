package dev.berth.logs.it;

import dev.berth.logs.client.Ack;
import dev.berth.logs.client.LogShipperClient;
import dev.berth.logs.client.ShipException;
import dev.berth.logs.client.Source;
import dev.berth.logs.client.WireWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An agent in miniature: numbered lines appended to a "file" in memory, shipped from the last acked offset in
 * batches, and sent again from that ack after any failure, until everything is acked.
 */
final class Flood implements Runnable {
    final Source source;
    final byte[] file;
    final int lines;
    final AtomicLong acked = new AtomicLong();
    final List<Integer> statuses = new CopyOnWriteArrayList<>();
    final List<Long> refusalMillis = new CopyOnWriteArrayList<>();
    private final LogShipperClient client;
    private final int batchBytes;
    volatile Throwable failure;

    Flood(LogShipperClient client, Source source, int lines, int batchBytes) {
        this.client = client;
        this.source = source;
        this.lines = lines;
        this.batchBytes = batchBytes;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines; i++) {
            out.writeBytes(line(i).getBytes(StandardCharsets.US_ASCII));
        }
        this.file = out.toByteArray();
    }

    static String line(int i) {
        return String.format("line %07d of the flood\n", i);
    }

    @Override
    public void run() {
        long deadline = System.nanoTime() + 120_000_000_000L;
        try {
            while (acked.get() < file.length) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not everything was acked within 120 s: " + acked.get() + " of "
                            + file.length);
                }
                long from = acked.get();
                WireWriter batch = new WireWriter();
                // A few records per batch, as an agent sends a few writes each.
                long at = from;
                long stop = Math.min(file.length, from + batchBytes);
                while (at < stop) {
                    int length = (int) Math.min(4096, stop - at);
                    batch.bytes(source, at, System.currentTimeMillis() * 1_000_000L, file, (int) at, length);
                    at += length;
                }
                long sent = System.nanoTime();
                try {
                    List<Ack> acks = client.ship(batch);
                    statuses.add(200);
                    acked.set(acks.getFirst().end());
                } catch (ShipException e) {
                    statuses.add(e.status());
                    refusalMillis.add((System.nanoTime() - sent) / 1_000_000);
                    if (!e.retryable()) {
                        throw new AssertionError("a batch was refused for good: " + e.getMessage(), e);
                    }
                    Thread.sleep(50);
                }
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    /** Checks that the query's lines are exactly the flood's, each once and in order. */
    void check(List<String> got) {
        List<String> missingOrDuplicated = new ArrayList<>();
        if (got.size() != lines) {
            missingOrDuplicated.add(got.size() + " lines instead of " + lines);
        }
        for (int i = 0; i < Math.min(got.size(), lines) && missingOrDuplicated.size() < 5; i++) {
            String expected = line(i).substring(0, line(i).length() - 1);
            if (!got.get(i).equals(expected)) {
                missingOrDuplicated.add("line " + i + " is '" + got.get(i) + "'");
            }
        }
        if (!missingOrDuplicated.isEmpty()) {
            throw new AssertionError("the stored lines are not the flood's: " + missingOrDuplicated);
        }
    }
}
