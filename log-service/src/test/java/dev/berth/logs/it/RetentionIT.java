package dev.berth.logs.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.TestDatabase;
import dev.berth.logs.client.Source;
import dev.berth.logs.client.Stream;
import dev.berth.logs.client.WireWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** Retention drops whole partitions past every tenant's retention, and trims tenants that keep less. */
class RetentionIT extends LogServiceIT {
    private static final long DAY = 86_400_000_000_000L;

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String partition(long nanos) {
        return "chunks_" + LocalDate.ofEpochDay(Math.floorDiv(nanos, DAY)).format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    @Test
    void oldPartitionsAreDroppedAndRecentDataKept() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        Source kept = new Source("r1", "app", "retained", Stream.STDOUT, "node-1");
        Source short1 = new Source("r-short", "app", "short-lived", Stream.STDOUT, "node-1");
        client.ship(new WireWriter().bytes(kept, 0, now - 10 * DAY, ascii("ten days ago\n"))
                .bytes(kept, 13, now - 9 * DAY, ascii("nine days ago\n"))
                .bytes(kept, 27, now - 2 * DAY, ascii("two days ago\n"))
                .bytes(kept, 40, now, ascii("today\n")));
        client.ship(new WireWriter().bytes(short1, 0, now - 2 * DAY, ascii("old for me\n"))
                .bytes(short1, 11, now, ascii("fresh\n")));
        assertThat(TestDatabase.queryStrings(schema, "SELECT c.relname FROM pg_inherits i JOIN pg_class c"
                + " ON c.oid = i.inhrelid WHERE i.inhparent = 'chunks'::regclass"))
                .contains(partition(now - 10 * DAY), partition(now - 9 * DAY));
        HttpResponse<String> set = client.http.send(HttpRequest.newBuilder(
                client.uri("/internal/v1/tenants/r-short/retention?days=1"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

        HttpResponse<String> run = client.post("/internal/v1/retention/run", "application/json", new byte[0]);
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        assertThat(run.body()).contains(partition(now - 10 * DAY)).contains(partition(now - 9 * DAY));
        assertThat(TestDatabase.queryStrings(schema, "SELECT c.relname FROM pg_inherits i JOIN pg_class c"
                + " ON c.oid = i.inhrelid WHERE i.inhparent = 'chunks'::regclass"))
                .doesNotContain(partition(now - 10 * DAY), partition(now - 9 * DAY))
                .contains(partition(now - 2 * DAY), partition(now));
        assertThat(client.text("tenant=r1&container=retained")).containsExactly("two days ago", "today");
        assertThat(client.text("tenant=r-short&container=short-lived")).containsExactly("fresh");
        // A replay of what retention removed is not stored again: the stream's end stays where it was.
        assertThat(client.ship(new WireWriter().bytes(kept, 0, now - 10 * DAY, ascii("ten days ago\n"))))
                .extracting(ack -> ack.end()).containsExactly(46L);
    }
}
