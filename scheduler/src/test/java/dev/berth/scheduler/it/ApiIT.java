package dev.berth.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The tenant API over HTTP: round trips, versions and rollback, tenancy, and the 4xx answers with their fields. */
class ApiIT extends SchedulerIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", TestDatabase::url);
        properties.add("spring.datasource.username", TestDatabase::user);
        properties.add("spring.datasource.password", TestDatabase::password);
        properties.add("berth.scheduler.schema", () -> TestDatabase.schema("scheduler_it_", "api"));
    }

    @Test
    void createReadVersionRollBackAndDelete() {
        agent("api-node-1", "4", "8Gi", Map.of("zone", "a")).start();
        JsonNode created = http.post("/api/v1/apps?tenant=acme", "{\"name\":\"shop\",\"services\":{\"web\":"
                + service("nginx:1.27", 2, "") + "}}").expect(201).json();
        assertThat(created.get("services").get(0).get("version").asInt()).isEqualTo(1);
        assertThat(created.get("services").get(0).get("spec").get("resources").get("memory").get("request")
                .asString()).isEqualTo(Long.toString(256L << 20));

        Http.await("two replicas running", Duration.ofSeconds(20),
                () -> runningNodes("acme", "shop", "web").size() == 2);
        assertThat(runningNodes("acme", "shop", "web")).containsOnly("api-node-1");

        JsonNode scaled = http.post("/api/v1/apps/shop/services/web/scale?tenant=acme", "{\"replicas\":3}")
                .expect(200).json();
        assertThat(scaled.get("version").asInt()).isEqualTo(2);
        assertThat(scaled.get("rollout").asString()).isEqualTo("none");
        JsonNode deployed = http.post("/api/v1/apps/shop/deploy?tenant=acme", "{\"image\":\"nginx:1.28\"}")
                .expect(200).json();
        assertThat(deployed.get("version").asInt()).isEqualTo(3);
        assertThat(deployed.get("rollout").asString()).isEqualTo("progressing");
        Http.await("the rollout of 1.28", Duration.ofSeconds(30), () -> {
            JsonNode app = http.get("/api/v1/apps/shop?tenant=acme").expect(200).json();
            return app.get("services").get(0).get("rollout").asString().equals("done");
        });

        JsonNode rolledBack = http.post("/api/v1/apps/shop/rollback?tenant=acme", "").expect(200).json();
        assertThat(rolledBack.get("version").asInt()).isEqualTo(4);
        assertThat(rolledBack.get("reason").asString()).isEqualTo("rollback to version 2");
        JsonNode versions = http.get("/api/v1/apps/shop/services/web/versions?tenant=acme").expect(200).json();
        assertThat(versions).hasSize(4);
        assertThat(versions.get(3).get("spec").get("image").asString()).isEqualTo("nginx:1.27");
        assertThat(versions.get(3).get("spec").get("replicas").asInt()).isEqualTo(3);
        Http.await("back on 1.27: three running replicas of version 4", Duration.ofSeconds(30), () -> {
            JsonNode replicas = ps("acme", "shop", "web");
            int ofVersion4 = 0;
            for (JsonNode replica : replicas) {
                ofVersion4 += replica.get("specVersion").asInt() == 4 ? 1 : 0;
            }
            return replicas.size() == 3 && ofVersion4 == 3 && runningNodes("acme", "shop", "web").size() == 3;
        });
        assertThat(http.get("/api/v1/apps/shop?tenant=acme").expect(200).json().get("services").get(0)
                .get("rollout").asString()).isIn("progressing", "done");
        assertThat(http.post("/api/v1/apps/shop/rollback?tenant=acme", "{\"version\":9}").expect(409).json()
                .get("field").asString()).isEqualTo("version");

        assertThat(http.get("/api/v1/apps?tenant=acme").expect(200).json()).hasSize(1);
        assertThat(http.get("/api/v1/apps?tenant=other").expect(200).json()).isEmpty();
        http.delete("/api/v1/apps/shop?tenant=acme").expect(204);
        http.get("/api/v1/apps/shop?tenant=acme").expect(404);
        Http.await("the node's reservations released", Duration.ofSeconds(10), () -> http
                .get("/api/v1/nodes/api-node-1").expect(200).json().get("allocated").get("cpuMilli").asLong() == 0);
    }

    @Test
    void theListHoldsEveryAppOfTheTenantWithItsOwnServicesAsReadOneByOne() {
        http.post("/api/v1/apps?tenant=lister", "{\"name\":\"zeta\",\"services\":{\"web\":" + service("nginx", 0, "")
                + "}}").expect(201);
        http.post("/api/v1/apps?tenant=lister", "{\"name\":\"alpha\",\"services\":{\"worker\":"
                + service("busybox", 0, "") + ",\"api\":" + service("nginx", 0, "") + "}}").expect(201);
        http.post("/api/v1/apps?tenant=other-lister", "{\"name\":\"beta\",\"services\":{\"web\":"
                + service("nginx", 0, "") + "}}").expect(201);

        JsonNode listed = http.get("/api/v1/apps?tenant=lister").expect(200).json();

        assertThat(listed.valueStream().map(app -> app.get("name").asString())).containsExactly("alpha", "zeta");
        assertThat(listed.get(0).get("services").valueStream().map(v -> v.get("name").asString()))
                .containsExactly("api", "worker");
        for (JsonNode app : listed) {
            assertThat(app).isEqualTo(http.get("/api/v1/apps/" + app.get("name").asString() + "?tenant=lister")
                    .expect(200).json());
        }
        assertThat(http.get("/api/v1/apps?tenant=nobody-here").expect(200).json()).isEmpty();
    }

    @Test
    void anotherTenantsAppIsNotFound() {
        http.post("/api/v1/apps", "{\"name\":\"secret\",\"services\":{\"db\":" + service("postgres:16", 0, "")
                + "}}").expect(400);
        var created = http.send("/api/v1/apps", "POST", "{\"name\":\"secret\",\"services\":{\"db\":"
                + service("postgres:16", 0, "") + "}}", Map.of("X-Berth-Tenant", "alpha"));
        assertThat(created.status()).isEqualTo(201);
        JsonNode problem = http.get("/api/v1/apps/secret?tenant=beta").expect(404).json();
        assertThat(problem.get("field").asString()).isEqualTo("app");
        assertThat(problem.get("type").asString()).isEqualTo("https://berth.dev/problems/not-found");
        http.delete("/api/v1/apps/secret?tenant=beta").expect(404);
        http.get("/api/v1/apps/secret?tenant=alpha").expect(200);
        http.post("/api/v1/apps/secret/deploy?tenant=beta", "{\"image\":\"postgres:17\"}").expect(404);
    }

    @Test
    void badSpecsAreClear4xx() {
        JsonNode missing = http.post("/api/v1/apps", "{}").expect(400).json();
        assertThat(missing.get("field").asString()).isEqualTo("tenant");

        JsonNode negative = http.post("/api/v1/apps?tenant=acme", "{\"name\":\"neg\",\"services\":{\"web\":"
                + "{\"image\":\"nginx\",\"replicas\":-2}}}").expect(400).json();
        assertThat(negative.get("field").asString()).isEqualTo("services.web.replicas");
        assertThat(negative.get("title").asString()).isEqualTo("Invalid spec");

        JsonNode unknown = http.post("/api/v1/apps?tenant=acme", "{\"name\":\"typo\",\"services\":{\"web\":"
                + "{\"image\":\"nginx\",\"replica\":2}}}").expect(400).json();
        assertThat(unknown.get("field").asString()).isEqualTo("services.web.replica");
        assertThat(unknown.get("detail").asString()).contains("unknown field 'replica'");

        JsonNode several = http.post("/api/v1/apps?tenant=acme", "{\"name\":\"many\",\"services\":{\"web\":"
                + "{\"image\":\"nginx\",\"ports\":[{\"container\":99999}],\"resources\":{\"memory\":{\"request\":"
                + "\"2Gi\",\"limit\":\"1Gi\"}}}}}").expect(400).json();
        assertThat(several.get("errors")).hasSize(2);

        agent("api-node-small", "2", "1Gi", Map.of());
        JsonNode tooBig = http.post("/api/v1/apps?tenant=acme", "{\"name\":\"big\",\"services\":{\"web\":"
                + "{\"image\":\"nginx\",\"resources\":{\"memory\":{\"request\":\"64Gi\"}}}}}").expect(422).json();
        assertThat(tooBig.get("field").asString()).isEqualTo("services.web.resources.memory.request");
        assertThat(tooBig.get("detail").asString()).contains("more than any node has");
        http.get("/api/v1/apps/big?tenant=acme").expect(404);

        JsonNode scale = http.post("/api/v1/apps/nothing/services/web/scale?tenant=acme", "{\"replicas\":-1}")
                .expect(400).json();
        assertThat(scale.get("field").asString()).isEqualTo("replicas");
        http.post("/internal/v1/nodes", "{\"id\":\"x\",\"address\":\"a\",\"capacity\":{\"cpu\":\"lots\","
                + "\"memory\":\"1Gi\"}}").expect(400);
        http.post("/internal/v1/nodes/ghost/heartbeat", "{}").expect(404);
        JsonNode badContainer = http.post("/internal/v1/nodes/api-node-small/heartbeat", "{\"containers\":[{"
                + "\"replica\":1,\"state\":\"running\",\"container\":\"../etc\"}]}").expect(400).json();
        assertThat(badContainer.get("field").asString()).isEqualTo("containers[0].container");
    }

    @Test
    void pendingReplicasShowAReasonPerNode() {
        agent("api-pending-a", "1", "2Gi", Map.of("zone", "a")).start();
        agent("api-pending-b", "1", "2Gi", Map.of("zone", "b")).start();
        http.post("/api/v1/apps?tenant=acme", "{\"name\":\"picky\",\"services\":{\"web\":"
                + service("nginx", 1, ",\"placement\":{\"constraints\":[\"node.labels.disk == ssd\"]}") + "}}")
                .expect(201);
        Http.await("a pending reason", Duration.ofSeconds(20),
                () -> ps("acme", "picky", "web").path(0).hasNonNull("pendingReasons"));
        JsonNode replica = ps("acme", "picky", "web").get(0);
        assertThat(replica.get("status").asString()).isEqualTo("pending");
        assertThat(replica.get("pendingReasons").get("api-pending-a").asString())
                .contains("constraint node.labels.disk == ssd not met");
        assertThat(replica.get("pendingReasons").has("api-pending-b")).isTrue();
        assertThat(replica.get("pendingMessage").asString()).contains("nodes fit");
    }
}
