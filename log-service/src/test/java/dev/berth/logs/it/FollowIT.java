package dev.berth.logs.it;

import static dev.berth.logs.it.LogClient.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.logs.client.Source;
import dev.berth.logs.client.Stream;
import dev.berth.logs.client.WireWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Follows over SSE: live, and resumed by the last event's id without gap or duplicate. */
class FollowIT extends LogServiceIT {

    private long offset;

    private void write(Source source, String line) throws Exception {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        client.ship(new WireWriter().bytes(source, offset, System.currentTimeMillis() * 1_000_000L, bytes));
        offset += bytes.length;
    }

    @Test
    void aFollowerSeesEachLineWithinASecondOfItsIngest() throws Exception {
        Source out = source("t1", "live", Stream.STDOUT);
        write(out, "before the follow");
        try (LogClient.Follow follow = new LogClient.Follow(client, "tenant=t1&container=live&follow=true&tail=0",
                null)) {
            assertThat(follow.status).isEqualTo(200);
            for (int i = 0; i < 5; i++) {
                long shipped = System.nanoTime();
                write(out, "live " + i);
                LogClient.Event event = follow.poll(Duration.ofSeconds(3));
                long tookMillis = (System.nanoTime() - shipped) / 1_000_000;
                assertThat(event).as("event " + i).isNotNull();
                assertThat(event.data()).contains("\"line\":\"live " + i + "\"");
                assertThat(tookMillis).as("delivery of line " + i).isLessThan(1000);
            }
            assertThat(follow.poll(Duration.ofMillis(400))).isNull();
        }
    }

    @Test
    void aReconnectingFollowerContinuesAfterItsLastEvent() throws Exception {
        Source out = source("t1", "resumed", Stream.STDOUT);
        Source err = source("t1", "resumed", Stream.STDERR);
        for (int i = 0; i < 3; i++) {
            write(out, "first " + i);
        }
        String lastId;
        try (LogClient.Follow follow = new LogClient.Follow(client, "tenant=t1&container=resumed&follow=true",
                null)) {
            List<LogClient.Event> events = follow.take(3, Duration.ofSeconds(5));
            assertThat(events.get(2).data()).contains("first 2");
            lastId = events.get(2).id();
        }
        // While nobody follows: more lines, on both streams.
        for (int i = 0; i < 3; i++) {
            write(out, "second " + i);
        }
        client.ship(new WireWriter().bytes(err, 0, System.currentTimeMillis() * 1_000_000L,
                "an error\n".getBytes(StandardCharsets.UTF_8)));
        try (LogClient.Follow follow = new LogClient.Follow(client, "tenant=t1&container=resumed&follow=true",
                lastId)) {
            List<LogClient.Event> events = follow.take(4, Duration.ofSeconds(5));
            assertThat(events).extracting(LogClient.Event::data).anySatisfy(data -> assertThat(data)
                    .contains("an error").contains("\"stream\":\"stderr\""));
            assertThat(events).extracting(LogClient.Event::data).filteredOn(data -> data.contains("second"))
                    .hasSize(3);
            assertThat(follow.poll(Duration.ofMillis(500))).isNull();
        }
    }

    @Test
    void aLineWithoutItsEndIsDeliveredOnceItStopsGrowing() throws Exception {
        Source out = source("t1", "prompt", Stream.STDOUT);
        client.ship(new WireWriter().bytes(out, 0, System.currentTimeMillis() * 1_000_000L,
                "password: ".getBytes(StandardCharsets.UTF_8)));
        try (LogClient.Follow follow = new LogClient.Follow(client, "tenant=t1&container=prompt&follow=true",
                null)) {
            assertThat(follow.status).isEqualTo(200);
            LogClient.Event event = follow.poll(Duration.ofSeconds(4));
            assertThat(event).isNotNull();
            assertThat(event.data()).contains("\"line\":\"password: \"");
            assertThat(event.id()).isEqualTo("o=10");
        }
    }
}
