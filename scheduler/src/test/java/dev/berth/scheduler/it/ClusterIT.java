package dev.berth.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Nodes dying and draining, rollouts failing, and the agents' watch stream, with simulated agents over HTTP. */
class ClusterIT extends SchedulerIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", TestDatabase::url);
        properties.add("spring.datasource.username", TestDatabase::user);
        properties.add("spring.datasource.password", TestDatabase::password);
        properties.add("berth.scheduler.schema", () -> TestDatabase.schema("scheduler_it_", "cluster"));
    }

    @Test
    void aNodeThatStopsHeartbeatingIsMarkedDownAndItsReplicasMove() {
        SimulatedAgent a = agent("down-a", "4", "8Gi", Map.of()).start();
        SimulatedAgent b = agent("down-b", "4", "8Gi", Map.of()).start();
        http.post("/api/v1/apps?tenant=t1", "{\"name\":\"moving\",\"services\":{\"web\":" + service("nginx", 4,
                ",\"placement\":{\"spread\":\"node.id\"}") + "}}").expect(201);
        Http.await("4 replicas running", Duration.ofSeconds(20), () -> runningNodes("t1", "moving", "web").size() == 4);
        assertThat(new HashSet<>(runningNodes("t1", "moving", "web"))).containsExactlyInAnyOrder("down-a", "down-b");
        List<Long> before = new ArrayList<>();
        ps("t1", "moving", "web").forEach(r -> before.add(r.get("id").asLong()));
        // Each replica shows the container its node said runs it.
        Http.await("each replica's container", Duration.ofSeconds(10), () -> ps("t1", "moving", "web").valueStream()
                .allMatch(r -> r.path("container").asString("").equals((r.get("node").asString().equals("down-a")
                        ? a : b).containerOf(r.get("id").asLong()))));

        a.close(); // the node dies: no more heartbeats
        long died = System.nanoTime();
        Http.await("down-a marked down", Duration.ofSeconds(10),
                () -> http.get("/api/v1/nodes/down-a").expect(200).json().get("state").asString().equals("down"));
        assertThat(Duration.ofNanos(System.nanoTime() - died)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        Http.await("every replica running on down-b", Duration.ofSeconds(20),
                () -> runningNodes("t1", "moving", "web").equals(List.of("down-b", "down-b", "down-b", "down-b")));
        List<Long> after = new ArrayList<>();
        ps("t1", "moving", "web").forEach(r -> after.add(r.get("id").asLong()));
        // Rescheduled, not duplicated: the same four replicas, placed again.
        assertThat(after).containsExactlyInAnyOrderElementsOf(before);
        // And each shows its new container, not the one that went with the node.
        Http.await("each moved replica's new container", Duration.ofSeconds(10), () -> ps("t1", "moving", "web")
                .valueStream().allMatch(r -> r.path("container").asString("").equals(b.containerOf(r.get("id").asLong()))));
        JsonNode down = http.get("/api/v1/nodes/down-a").expect(200).json();
        assertThat(down.get("allocated").get("cpuMilli").asLong()).isZero();
        http.delete("/api/v1/apps/moving?tenant=t1").expect(204);
    }

    @Test
    void drainingMovesWorkNoFasterThanMaxUnavailableAllows() throws Exception {
        agent("drain-a", "8", "16Gi", Map.of()).start();
        http.post("/api/v1/apps?tenant=t2", "{\"name\":\"drained\",\"services\":{\"web\":" + service("nginx", 4,
                ",\"update\":{\"maxUnavailable\":1,\"maxSurge\":0}") + "}}").expect(201);
        Http.await("4 replicas running", Duration.ofSeconds(20),
                () -> runningNodes("t2", "drained", "web").size() == 4);
        SimulatedAgent b = agent("drain-b", "8", "16Gi", Map.of());
        // drain-b's agent reports new replicas healthy only after a while, so the drain has to wait for them.
        b.healthOf = image -> null;
        b.start();
        http.post("/api/v1/nodes/drain-a/drain", "").expect(200);
        int fewestRunning = 4;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        boolean madeHealthy = false;
        while (System.nanoTime() < deadline) {
            JsonNode replicas = ps("t2", "drained", "web");
            int serving = 0;
            int onB = 0;
            for (JsonNode r : replicas) {
                String status = r.get("status").asString();
                if (status.equals("healthy") || status.equals("running")) {
                    serving++;
                }
                if ("drain-b".equals(r.path("node").asString(null)) && status.equals("running")) {
                    onB++;
                }
            }
            fewestRunning = Math.min(fewestRunning, serving);
            if (!madeHealthy && onB >= 1) {
                Thread.sleep(500);
                b.healthOf = image -> "healthy";
                madeHealthy = true;
            }
            if (runningNodes("t2", "drained", "web").equals(List.of("drain-b", "drain-b", "drain-b", "drain-b"))) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(runningNodes("t2", "drained", "web")).containsExactly("drain-b", "drain-b", "drain-b", "drain-b");
        assertThat(fewestRunning).as("never more than maxUnavailable (1) of 4 out of service").isGreaterThanOrEqualTo(3);
        http.post("/api/v1/nodes/drain-a/activate", "").expect(200);
        http.delete("/api/v1/apps/drained?tenant=t2").expect(204);
    }

    @Test
    void aRolloutWhoseNewReplicasFailRollsBack() {
        SimulatedAgent a = agent("roll-a", "8", "16Gi", Map.of());
        a.healthOf = image -> image.endsWith(":broken") ? "unhealthy" : "healthy";
        a.start();
        String health = ",\"health\":{\"http\":{\"port\":80,\"path\":\"/health\"},\"interval\":\"1s\",\"timeout\":\"500ms\"}";
        http.post("/api/v1/apps?tenant=t3", "{\"name\":\"fragile\",\"services\":{\"web\":" + service("web:good", 3,
                health) + "}}").expect(201);
        Http.await("3 healthy", Duration.ofSeconds(20), () -> runningNodes("t3", "fragile", "web").size() == 3);
        http.post("/api/v1/apps/fragile/deploy?tenant=t3", "{\"image\":\"web:broken\"}").expect(200);
        Http.await("the rollout rolled back", Duration.ofSeconds(30), () -> http.get("/api/v1/apps/fragile?tenant=t3")
                .expect(200).json().get("services").get(0).get("rollout").asString().equals("rolled-back"));
        JsonNode app = http.get("/api/v1/apps/fragile?tenant=t3").expect(200).json().get("services").get(0);
        assertThat(app.get("spec").get("image").asString()).isEqualTo("web:good");
        assertThat(app.get("version").asInt()).isEqualTo(3);
        assertThat(app.get("rolloutMessage").asString()).contains("rolled back");
        JsonNode versions = http.get("/api/v1/apps/fragile/services/web/versions?tenant=t3").expect(200).json();
        assertThat(versions.get(2).get("reason").asString()).startsWith("automatic rollback to version 1");
        Http.await("3 healthy replicas of the good image, nothing else", Duration.ofSeconds(30), () -> {
            JsonNode replicas = ps("t3", "fragile", "web");
            return replicas.size() == 3 && runningNodes("t3", "fragile", "web").size() == 3;
        });
        assertThat(a.running.values()).containsOnly("web:good");
    }

    @Test
    void aRolloutKeepsTheServiceSpreadOnePerNode() {
        for (String node : List.of("even-a", "even-b", "even-c")) {
            agent(node, "4", "8Gi", Map.of("group", "even")).start();
        }
        // Only these three nodes: those of the other tests may still count as up.
        String spread = ",\"placement\":{\"spread\":\"node.id\",\"constraints\":[\"node.labels.group == even\"]},"
                + "\"update\":{\"maxUnavailable\":1,\"maxSurge\":1}";
        http.post("/api/v1/apps?tenant=t6", "{\"name\":\"even\",\"services\":{\"web\":" + service("web:1", 3,
                spread) + "}}").expect(201);
        Http.await("one per node", Duration.ofSeconds(20), () -> new HashSet<>(runningNodes("t6", "even", "web"))
                .size() == 3);
        for (String image : List.of("web:2", "web:3")) {
            http.post("/api/v1/apps/even/deploy?tenant=t6", "{\"image\":\"" + image + "\"}").expect(200);
            Http.await("rolled out to " + image, Duration.ofSeconds(30), () -> http.get("/api/v1/apps/even?tenant=t6")
                    .expect(200).json().get("services").get(0).get("rollout").asString().equals("done")
                    && runningNodes("t6", "even", "web").size() == 3 && ps("t6", "even", "web").size() == 3);
            // Each slot's new replica went where the service had fewest replicas of the new version, not of all.
            assertThat(runningNodes("t6", "even", "web")).as("after the rollout to " + image)
                    .containsExactlyInAnyOrder("even-a", "even-b", "even-c");
        }
        http.delete("/api/v1/apps/even?tenant=t6").expect(204);
    }

    @Test
    void aReplicaThatFailsItsHealthCheckIsReplacedInItsSlot() {
        SimulatedAgent a = agent("repair-a", "4", "8Gi", Map.of()).start();
        http.post("/api/v1/apps?tenant=t5", "{\"name\":\"repaired\",\"services\":{\"web\":" + service("nginx", 2,
                ",\"health\":{\"exec\":[\"true\"],\"interval\":\"1s\",\"timeout\":\"1s\"}") + "}}").expect(201);
        Http.await("2 healthy", Duration.ofSeconds(20), () -> runningNodes("t5", "repaired", "web").size() == 2);
        JsonNode sick = ps("t5", "repaired", "web").get(0);
        long sickId = sick.get("id").asLong();
        a.unhealthy.add(sickId);
        Http.await("the unhealthy replica replaced", Duration.ofSeconds(20), () -> {
            JsonNode replicas = ps("t5", "repaired", "web");
            boolean gone = true;
            for (JsonNode r : replicas) {
                gone &= r.get("id").asLong() != sickId;
            }
            return gone && replicas.size() == 2 && runningNodes("t5", "repaired", "web").size() == 2;
        });
        List<Integer> slots = new ArrayList<>();
        ps("t5", "repaired", "web").forEach(r -> slots.add(r.get("slot").asInt()));
        assertThat(slots).containsExactlyInAnyOrder(0, 1);
        http.delete("/api/v1/apps/repaired?tenant=t5").expect(204);
    }

    @Test
    void theWatchStreamSendsASnapshotThenChangesAndResumes() throws Exception {
        agent("watch-a", "4", "8Gi", Map.of()).start();
        HttpResponse<InputStream> response = Http.CLIENT.send(HttpRequest.newBuilder(
                http.uri("/internal/v1/nodes/watch-a/assignments?watch=true")).header("Accept",
                "application/x-ndjson").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        messages.add(Http.JSON.readTree(line));
                    }
                }
            } catch (Exception e) {
                // the stream ends with the test
            }
        });
        JsonNode snapshot = messages.poll(10, TimeUnit.SECONDS);
        assertThat(snapshot).isNotNull();
        assertThat(snapshot.get("type").asString()).isEqualTo("snapshot");
        assertThat(snapshot.get("assignments")).isEmpty();

        http.post("/api/v1/apps?tenant=t4", "{\"name\":\"watched\",\"services\":{\"web\":" + service("nginx:1", 1,
                ",\"env\":{\"MODE\":\"prod\"}") + "}}").expect(201);
        JsonNode put = next(messages, "put");
        assertThat(put.get("assignment").get("spec").get("image").asString()).isEqualTo("nginx:1");
        assertThat(put.get("assignment").get("spec").get("env").get("MODE").asString()).isEqualTo("prod");
        assertThat(put.get("assignment").get("name").asString()).isEqualTo("t4.watched.web.0");
        long replica = put.get("replica").asLong();
        long revision = put.get("revision").asLong();
        assertThat(revision).isGreaterThan(snapshot.get("revision").asLong());

        http.delete("/api/v1/apps/watched?tenant=t4").expect(204);
        JsonNode remove = next(messages, "remove");
        assertThat(remove.get("replica").asLong()).isEqualTo(replica);
        reader.interrupt();

        // Resumed from the put's revision: only what came after, i.e. the remove.
        HttpResponse<InputStream> resumed = Http.CLIENT.send(HttpRequest.newBuilder(http.uri(
                "/internal/v1/nodes/watch-a/assignments?watch=true&revision=" + revision)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(resumed.body(), StandardCharsets.UTF_8))) {
            JsonNode first = Http.JSON.readTree(lines.readLine());
            assertThat(first.get("type").asString()).isEqualTo("remove");
            assertThat(first.get("replica").asLong()).isEqualTo(replica);
        }
        http.get("/internal/v1/nodes/nobody/assignments?watch=true").expect(404);

        // The same stream as server-sent events: the event is the type, the id the revision.
        HttpResponse<InputStream> events = Http.CLIENT.send(HttpRequest.newBuilder(http.uri(
                "/internal/v1/nodes/watch-a/assignments?watch=true")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(events.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            List<String> first = new ArrayList<>();
            for (String line; (line = lines.readLine()) != null && !line.isEmpty(); ) {
                first.add(line);
            }
            assertThat(first).contains("event:snapshot").anyMatch(line -> line.startsWith("id:"))
                    .anyMatch(line -> line.startsWith("data:{\"type\":\"snapshot\""));
        }
    }

    private static JsonNode next(BlockingQueue<JsonNode> messages, String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            JsonNode message = messages.poll(1, TimeUnit.SECONDS);
            if (message != null && message.get("type").asString().equals(type)) {
                return message;
            }
        }
        throw new AssertionError("no " + type + " message");
    }
}
