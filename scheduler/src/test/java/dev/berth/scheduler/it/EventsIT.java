package dev.berth.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.TestDatabase;
import dev.berth.scheduler.cluster.Events;
import dev.berth.scheduler.events.EventLog;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's events: recorded where apps and containers change, served as pages and as resumable SSE streams. The
 * context is closed after the class, so that its connections do not stay open for the classes after it.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EventsIT extends SchedulerIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", TestDatabase::url);
        properties.add("spring.datasource.username", TestDatabase::user);
        properties.add("spring.datasource.password", TestDatabase::password);
        properties.add("berth.scheduler.schema", () -> TestDatabase.schema("scheduler_it_", "events"));
        properties.add("berth.scheduler.events.poll", () -> "50ms");
    }

    @Autowired
    EventLog events;

    private static final String HEALTH = ",\"health\":{\"exec\":[\"true\"],\"interval\":\"1s\",\"timeout\":\"1s\"}";

    @Test
    void appsAndContainersProduceEventsForTheirTenantOnly() throws Exception {
        agent("ev-a", "4", "8Gi", Map.of()).start();
        http.post("/api/v1/apps?tenant=ev1", "{\"name\":\"shop\",\"services\":{\"web\":" + service("web:1", 1,
                HEALTH) + "}}").expect(201);
        http.post("/api/v1/apps?tenant=ev2", "{\"name\":\"blog\",\"services\":{\"web\":" + service("web:1", 1, "")
                + "}}").expect(201);
        Http.await("ev1's container healthy", Duration.ofSeconds(20),
                () -> types(page("ev1", "")).contains("health_status"));
        JsonNode items = page("ev1", "");
        assertThat(types(items)).containsSubsequence("create", "create", "start", "health_status");
        JsonNode app = find(items, e -> e.get("scope").asString().equals("app"));
        assertThat(app.get("type").asString()).isEqualTo("create");
        assertThat(app.get("name").asString()).isEqualTo("ev1.shop");
        JsonNode created = find(items, e -> e.get("scope").asString().equals("container")
                && e.get("type").asString().equals("create"));
        assertThat(created.get("name").asString()).isEqualTo("ev1.shop.web.0");
        assertThat(created.get("node").asString()).isEqualTo("ev-a");
        assertThat(created.get("service").asString()).isEqualTo("web");
        assertThat(created.get("version").asInt()).isEqualTo(1);
        assertThat(created.get("time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonNode healthy = find(items, e -> e.get("type").asString().equals("health_status"));
        assertThat(healthy.get("health").asString()).isEqualTo("healthy");
        // Heartbeats go on, but only changes are events: no second start or health_status.
        int before = items.size();
        Thread.sleep(1000);
        assertThat(page("ev1", "").size()).isEqualTo(before);

        Http.await("ev2's container started", Duration.ofSeconds(20), () -> types(page("ev2", "")).contains("start"));
        for (JsonNode e : page("ev2", "")) {
            assertThat(e.get("tenant").asString()).isEqualTo("ev2");
            assertThat(e.get("app").asString()).isEqualTo("blog");
        }
        for (JsonNode e : page("ev1", "")) {
            assertThat(e.get("tenant").asString()).isEqualTo("ev1");
        }
        // Nodes' events are the platform's: no tenant sees them.
        assertThat(TestDatabase.queryLong(schema, "SELECT count(*) FROM events WHERE kind = 'node-registered'"))
                .isPositive();
        http.delete("/api/v1/apps/shop?tenant=ev1").expect(204);
        http.delete("/api/v1/apps/blog?tenant=ev2").expect(204);
        assertThat(types(page("ev1", ""))).endsWith("destroy", "destroy");
    }

    @Test
    void exitsHealthAndDeploysAreEvents() {
        SimulatedAgent a = agent("ev-b", "4", "8Gi", Map.of()).start();
        http.post("/api/v1/apps?tenant=ev3", "{\"name\":\"batch\",\"services\":{\"job\":" + service("job:1", 1,
                HEALTH + ",\"restart\":{\"policy\":\"never\"}") + "}}").expect(201);
        Http.await("started", Duration.ofSeconds(20), () -> types(page("ev3", "")).contains("health_status"));
        long replica = ps("ev3", "batch", "job").get(0).get("id").asLong();

        a.unhealthy.add(replica);
        Http.await("unhealthy", Duration.ofSeconds(10), () -> page("ev3", "&type=health_status").size() >= 2);
        JsonNode sick = page("ev3", "&type=health_status").get(1);
        assertThat(sick.get("health").asString()).isEqualTo("unhealthy");
        assertThat(sick.get("replica").asLong()).isEqualTo(replica);
        // Outside a rollout an unhealthy replica is replaced in its slot: destroyed, and a new one created.
        Http.await("replaced", Duration.ofSeconds(20), () -> ps("ev3", "batch", "job").size() == 1
                && ps("ev3", "batch", "job").get(0).get("id").asLong() != replica
                && runningNodes("ev3", "batch", "job").size() == 1);
        assertThat(page("ev3", "&type=destroy")).anyMatch(e -> e.get("replica").asLong() == replica);
        long replacement = ps("ev3", "batch", "job").get(0).get("id").asLong();

        a.reportOf.put(replacement, "\"state\":\"exited\",\"exitCode\":137,\"oom\":true,\"restarts\":0");
        Http.await("died", Duration.ofSeconds(10), () -> page("ev3", "&type=die").size() == 1);
        JsonNode died = page("ev3", "&type=die").get(0);
        assertThat(died.get("exitCode").asInt()).isEqualTo(137);
        assertThat(died.get("oom").asBoolean()).isTrue();
        assertThat(died.get("node").asString()).isEqualTo("ev-b");
        assertThat(died.get("name").asString()).isEqualTo("ev3.batch.job.0");

        http.post("/api/v1/apps/batch/deploy?tenant=ev3", "{\"image\":\"job:2\"}").expect(200);
        JsonNode deploy = page("ev3", "&type=deploy").get(0);
        assertThat(deploy.get("scope").asString()).isEqualTo("service");
        assertThat(deploy.get("version").asInt()).isEqualTo(2);
        assertThat(deploy.get("message").asString()).contains("job:2");
        http.post("/api/v1/apps/batch/services/job/scale?tenant=ev3", "{\"replicas\":0}").expect(200);
        assertThat(page("ev3", "&app=batch&type=scale")).hasSize(1);
        assertThat(page("ev3", "&app=other")).isEmpty();
        http.delete("/api/v1/apps/batch?tenant=ev3").expect(204);
    }

    @Test
    void theStreamDeliversWithinASecondResumesByLastEventIdAndKeepsTenantsApart() throws Exception {
        agent("ev-c", "4", "8Gi", Map.of()).start();
        Stream other = Stream.open(http, "ev5", null);
        Stream stream = Stream.open(http, "ev4", null);
        long posted = System.nanoTime();
        http.post("/api/v1/apps?tenant=ev4", "{\"name\":\"live\",\"services\":{\"web\":" + service("web:1", 2, "")
                + "}}").expect(201);
        JsonNode first = stream.next();
        assertThat(Duration.ofNanos(System.nanoTime() - posted)).isLessThan(Duration.ofSeconds(1));
        assertThat(first.get("type").asString()).isEqualTo("create");
        assertThat(first.get("scope").asString()).isEqualTo("app");
        List<Long> seen = new ArrayList<>(List.of(first.get("id").asLong()));
        for (int i = 0; i < 2; i++) {
            seen.add(stream.next().get("id").asLong()); // the service's version 1 and a container create
        }
        stream.close();
        long last = seen.getLast();

        // While disconnected: more events (the second create, starts, a scale and its destroy).
        http.post("/api/v1/apps/live/services/web/scale?tenant=ev4", "{\"replicas\":1}").expect(200);
        Http.await("the scale down done", Duration.ofSeconds(20), () -> types(page("ev4", "")).contains("destroy"));
        Thread.sleep(500);
        List<Long> expected = new ArrayList<>();
        page("ev4", "&since=" + last).forEach(e -> expected.add(e.get("id").asLong()));
        assertThat(expected).isNotEmpty().allMatch(id -> id > last);

        Stream resumed = Stream.open(http, "ev4", last);
        List<Long> got = new ArrayList<>();
        while (got.size() < expected.size()) {
            got.add(resumed.next().get("id").asLong());
        }
        assertThat(got).isEqualTo(expected);
        assertThat(resumed.poll(300)).as("nothing more, nothing repeated").isNull();
        resumed.close();

        http.post("/api/v1/apps?tenant=ev5", "{\"name\":\"mine\",\"services\":{\"web\":" + service("web:1", 1, "")
                + "}}").expect(201);
        JsonNode own = other.next();
        assertThat(own.get("tenant").asString()).isEqualTo("ev5");
        assertThat(own.get("app").asString()).isEqualTo("mine");
        for (JsonNode e; (e = other.poll(300)) != null; ) {
            assertThat(e.get("tenant").asString()).isEqualTo("ev5");
        }
        other.close();
        http.delete("/api/v1/apps/live?tenant=ev4").expect(204);
        http.delete("/api/v1/apps/mine?tenant=ev5").expect(204);
    }

    @Test
    void anEventCommittedLateIsNotSkippedAndARolledBackOneDoesNotStopTheStream() throws Exception {
        try (Connection slow = TestDatabase.connect()) {
            slow.createStatement().execute("SET search_path TO " + schema);
            slow.setAutoCommit(false);
            Events.app(slow, "ev6", "late", "create", "drawn first, committed last");
            http.post("/api/v1/apps?tenant=ev6", "{\"name\":\"early\",\"services\":{\"web\":" + service("web:1", 0,
                    "") + "}}").expect(201);
            Thread.sleep(300);
            assertThat(page("ev6", "")).as("nothing passes the open transaction's event").isEmpty();
            slow.commit();
            assertThat(page("ev6", "")).extracting(e -> e.get("app").asString()).containsExactly("late", "early",
                    "early");

            Events.app(slow, "ev6", "never", "create", "rolled back");
            http.delete("/api/v1/apps/early?tenant=ev6").expect(204);
            slow.rollback();
            assertThat(page("ev6", "")).extracting(e -> e.get("type").asString()).endsWith("destroy");
            assertThat(page("ev6", "")).noneMatch(e -> e.get("app").asString().equals("never"));
        }
    }

    @Test
    void eventsOlderThanTheRetentionAreDeleted() throws Exception {
        http.post("/api/v1/apps?tenant=ev8", "{\"name\":\"old\",\"services\":{\"web\":" + service("web:1", 0, "")
                + "}}").expect(201);
        assertThat(page("ev8", "")).hasSize(2);
        TestDatabase.update(schema, "UPDATE events SET at = now() - interval '8 days' WHERE tenant = 'ev8'"
                + " AND kind = 'create'");
        assertThat(events.trim(Duration.ofDays(7))).isEqualTo(1);
        assertThat(page("ev8", "")).extracting(e -> e.get("type").asString()).containsExactly("update");
        http.delete("/api/v1/apps/old?tenant=ev8").expect(204);
    }

    @Test
    void badParametersAreProblems() {
        for (String query : List.of("tenant=ev7&since=yesterday", "tenant=ev7&type=explode", "tenant=ev7&app=Bad_App",
                "tenant=ev7&limit=0", "since=1")) {
            Http.Answer answer = http.get("/api/v1/events?" + query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.json().get("type").asString()).startsWith("https://berth.dev/problems/invalid-");
            assertThat(answer.json().has("field")).isTrue();
        }
        Http.Answer stream = http.send("/api/v1/events?tenant=ev7&follow=true", "GET", "",
                Map.of("Last-Event-ID", "x"));
        assertThat(stream.status()).isEqualTo(400);
        assertThat(stream.json().get("field").asString()).isEqualTo("Last-Event-ID");
    }

    private JsonNode page(String tenant, String more) {
        return http.get("/api/v1/events?tenant=" + tenant + more).expect(200).json().get("items");
    }

    private static List<String> types(JsonNode items) {
        List<String> types = new ArrayList<>();
        items.forEach(e -> types.add(e.get("type").asString()));
        return types;
    }

    private static JsonNode find(JsonNode items, Predicate<JsonNode> which) {
        for (JsonNode e : items) {
            if (which.test(e)) {
                return e;
            }
        }
        throw new AssertionError("no such event in " + items);
    }

    /** An SSE client: each event's data, checked against its id and event lines; comments skipped. */
    private record Stream(BlockingQueue<JsonNode> events, Thread reader, InputStream body) implements AutoCloseable {
        static Stream open(Http http, String tenant, Long lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(http.uri("/api/v1/events?tenant=" + tenant))
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", Long.toString(lastEventId));
            }
            HttpResponse<InputStream> response = Http.CLIENT.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                        StandardCharsets.UTF_8))) {
                    String id = null;
                    String type = null;
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.startsWith("id:")) {
                            id = line.substring(3);
                        } else if (line.startsWith("event:")) {
                            type = line.substring(6);
                        } else if (line.startsWith("data:")) {
                            JsonNode data = Http.JSON.readTree(line.substring(5));
                            if (id == null || data.get("id").asLong() != Long.parseLong(id)
                                    || !data.get("type").asString().equals(type)) {
                                throw new AssertionError("id/event lines disagree with " + data);
                            }
                            events.add(data);
                        }
                    }
                } catch (Exception e) {
                    // closed by the test
                }
            });
            return new Stream(events, reader, response.body());
        }

        JsonNode next() throws InterruptedException {
            JsonNode event = events.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("an event within 10 s").isNotNull();
            return event;
        }

        JsonNode poll(long millis) throws InterruptedException {
            return events.poll(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws Exception {
            body.close();
            reader.interrupt();
        }
    }
}
