package dev.berth.logs.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.TestDatabase;
import dev.berth.logs.client.Source;
import dev.berth.logs.client.Stream;
import dev.berth.logs.client.WireWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The service stopped and started again on the same port and schema, while followers and senders carry on. */
class RestartIT {
    private static final String SCHEMA = TestDatabase.schema("logs_it_", "restart");

    @Test
    void aFollowResumesAcrossARestartWithoutGapOrDuplicate() throws Exception {
        int port = ServiceInstance.freePort();
        LogClient client = new LogClient(port);
        Source out = new Source("t1", "app", "survivor", Stream.STDOUT, "node-1");
        List<String> seen = new ArrayList<>();
        String lastId;
        long offset = 0;
        ServiceInstance first = ServiceInstance.start(port, SCHEMA, TestDatabase.url());
        try {
            for (int i = 0; i < 3; i++) {
                offset = ship(client, out, offset, "line " + i);
            }
            try (LogClient.Follow follow = new LogClient.Follow(client,
                    "tenant=t1&container=survivor&follow=true", null)) {
                List<LogClient.Event> events = follow.take(3, Duration.ofSeconds(5));
                events.forEach(event -> seen.add(event.data()));
                lastId = events.get(2).id();
                // Committed, maybe seen, maybe not: the stop comes right after.
                offset = ship(client, out, offset, "line 3");
                LogClient.Event maybe = follow.poll(Duration.ofMillis(50));
                if (maybe != null) {
                    seen.add(maybe.data());
                    lastId = maybe.id();
                }
            }
        } finally {
            first.close();
        }
        try (ServiceInstance second = ServiceInstance.start(port, SCHEMA, TestDatabase.url());
             LogClient.Follow follow = new LogClient.Follow(client, "tenant=t1&container=survivor&follow=true",
                     lastId)) {
            for (int i = 4; i < 6; i++) {
                offset = ship(client, out, offset, "line " + i);
            }
            int remaining = 6 - seen.size();
            follow.take(remaining, Duration.ofSeconds(5)).forEach(event -> seen.add(event.data()));
            assertThat(follow.poll(Duration.ofMillis(500))).isNull();
        }
        assertThat(seen).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(seen.get(i)).contains("\"line\":\"line " + i + "\"");
        }
    }

    @Test
    void aFloodSentThroughARestartIsStoredExactlyOnce() throws Exception {
        int port = ServiceInstance.freePort();
        LogClient client = new LogClient(port);
        Flood flood = new Flood(client.shipper, new Source("t1", "app", "flooded", Stream.STDOUT, "node-1"),
                200_000, 64 * 1024);
        ServiceInstance first = ServiceInstance.start(port, SCHEMA, TestDatabase.url());
        Thread sender = Thread.ofPlatform().start(flood);
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (flood.acked.get() < flood.file.length / 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(flood.acked.get()).as("acked before the stop").isGreaterThan(0);
        } finally {
            first.close();
        }
        long ackedAtStop = flood.acked.get();
        Thread.sleep(300);
        try (ServiceInstance second = ServiceInstance.start(port, SCHEMA, TestDatabase.url())) {
            sender.join(120_000);
            assertThat(flood.failure).isNull();
            assertThat(ackedAtStop).as("the stop came mid-flood").isLessThan(flood.file.length);
            assertThat(flood.statuses).as("some batches failed during the stop").anyMatch(status -> status != 200);
            flood.check(client.text("tenant=t1&container=flooded"));
            assertThat(TestDatabase.queryLong(SCHEMA, "SELECT end_offset FROM streams WHERE container = 'flooded'"))
                    .isEqualTo(flood.file.length);
            assertThat(TestDatabase.queryLong(SCHEMA, "SELECT sum(end_offset - start_offset) FROM chunks"
                    + " WHERE container = 'flooded'")).isEqualTo(flood.file.length);
        }
    }

    private static long ship(LogClient client, Source source, long offset, String line) throws Exception {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        client.ship(new WireWriter().bytes(source, offset, System.currentTimeMillis() * 1_000_000L, bytes));
        return offset + bytes.length;
    }
}
