package dev.berth.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.TestDatabase;
import dev.berth.scheduler.changes.ChangeFeed;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /internal/v1/changes}: a new generation for every commit that changes what the tenant API reads, none
 * for one that changes nothing, none for another schema's, and the end of the stream when the feed's PostgreSQL
 * session is lost, until it is back.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ChangeFeedIT extends SchedulerIT {
    private static final String END = "end of stream";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", TestDatabase::url);
        properties.add("spring.datasource.username", TestDatabase::user);
        properties.add("spring.datasource.password", TestDatabase::password);
        properties.add("berth.scheduler.schema", () -> TestDatabase.schema("scheduler_it_", "changes"));
    }

    @Test
    void everyChangeOfAnAppOrReplicaIsANewGenerationAndNothingElseIs() throws Exception {
        try (Feed feed = Feed.open(http)) {
            long first = Long.parseLong(feed.next());
            http.post("/api/v1/apps?tenant=cf1", "{\"name\":\"shop\",\"services\":{\"web\":" + service("web:1", 2, "")
                    + "}}").expect(201);
            long created = Long.parseLong(feed.next());
            assertThat(created).isGreaterThan(first);
            feed.drain(300);

            http.post("/api/v1/apps/shop/services/web/scale?tenant=cf1", "{\"replicas\":3}").expect(200);
            assertThat(Long.parseLong(feed.next())).isGreaterThan(created);
            feed.drain(300);

            // An update that leaves every row as it was, and a change in another schema: nothing.
            TestDatabase.update(schema, "UPDATE replicas SET status = status");
            TestDatabase.update(schema, "UPDATE apps SET name = name");
            TestDatabase.queryStrings(schema, "SELECT pg_notify('berth_scheduler_changes', '" + schema + "_other')");
            assertThat(feed.poll(1000)).as("a generation for a change that changed nothing").isNull();

            // A change made outside the API, straight in the database, is seen as well.
            TestDatabase.update(schema, "UPDATE replicas SET status = 'running' WHERE slot = 0");
            assertThat(feed.next()).isNotEqualTo(END);
        }
    }

    @Test
    void losingTheFeedsSessionEndsTheStreamAndItComesBack() throws Exception {
        try (Feed feed = Feed.open(http)) {
            long before = Long.parseLong(feed.next());
            List<String> killed = TestDatabase.queryStrings(schema, "SELECT pg_terminate_backend(pid)"
                    + " FROM pg_stat_activity WHERE application_name = '" + ChangeFeed.APPLICATION_NAME + schema + "'");
            assertThat(killed).as("the feed's own session, found by its name").containsExactly("t");
            String last;
            do {
                last = feed.next();
            } while (!last.equals(END));
            // Back within the retry: a new stream, on a generation after every one of the old stream.
            Http.await("the feed listening again", Duration.ofSeconds(10),
                    () -> opens(http));
            try (Feed again = Feed.open(http)) {
                assertThat(Long.parseLong(again.next())).isGreaterThan(before);
                http.post("/api/v1/apps?tenant=cf2", "{\"name\":\"blog\",\"services\":{\"web\":"
                        + service("web:1", 0, "") + "}}").expect(201);
                assertThat(again.next()).isNotEqualTo(END);
            }
        }
    }

    private static boolean opens(Http http) {
        try (Feed feed = Feed.open(http)) {
            return !feed.next().equals(END);
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    /** The stream's data lines, then {@link #END} when it ends; comments skipped. */
    private record Feed(BlockingQueue<String> data, InputStream body) implements AutoCloseable {
        static Feed open(Http http) throws Exception {
            HttpResponse<InputStream> response = Http.CLIENT.send(HttpRequest.newBuilder(
                    http.uri("/internal/v1/changes")).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new AssertionError("the feed answered " + response.statusCode());
            }
            BlockingQueue<String> data = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.startsWith("data:")) {
                            data.add(line.substring(5).strip());
                        }
                    }
                } catch (Exception e) {
                    // closed by the test
                }
                data.add(END);
            });
            return new Feed(data, response.body());
        }

        String next() throws InterruptedException {
            String line = data.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("a generation within 10 s").isNotNull();
            return line;
        }

        String poll(long millis) throws InterruptedException {
            return data.poll(millis, TimeUnit.MILLISECONDS);
        }

        /** Skips what comes within {@code millis}: the notifications of one change's further commits. */
        void drain(long millis) throws InterruptedException {
            while (poll(millis) != null) {
                // skipped
            }
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }
}
