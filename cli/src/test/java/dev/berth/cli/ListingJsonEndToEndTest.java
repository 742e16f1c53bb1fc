package dev.berth.cli;

import static dev.berth.cli.FakeAgent.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code --format json} of the listing verbs: one JSON array of what the agent or the scheduler answered. */
class ListingJsonEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path home;

    private FakeAgent agent;
    private FakeAgent scheduler;

    @BeforeEach
    void start() throws Exception {
        agent = new FakeAgent();
        scheduler = new FakeAgent();
    }

    @AfterEach
    void stop() {
        agent.close();
        scheduler.close();
    }

    private JsonNode listed(String... args) {
        CliRun run = CliRun.run(Map.of("HOME", home.toString(), "BERTH_HOST", agent.url(), "BERTH_SCHEDULER",
                scheduler.url()), args);
        assertThat(run.exitCode).as(run.toString()).isZero();
        JsonNode listing = JSON.readTree(run.out);
        assertThat(listing.isArray()).as(run.toString()).isTrue();
        return listing;
    }

    private static List<String> field(JsonNode array, String name) {
        return array.valueStream().map(item -> item.get(name).asString()).toList();
    }

    @Test
    void theAgentsListingsAreJsonArrays() {
        agent.on("GET", "/v1/containers", json(200, """
                [{"id": "%s", "name": "web", "image": "busybox", "status": "Up 2 minutes"}]""".formatted("a".repeat(64))));
        agent.on("GET", "/v1/images", json(200, """
                [{"id": "sha256:%s", "tags": ["busybox:latest"], "size": 1024}]""".formatted("b".repeat(64))));
        agent.on("GET", "/v1/networks", json(200, """
                [{"id": "%s", "name": "bridge", "driver": "bridge"}]""".formatted("c".repeat(64))));
        agent.on("GET", "/v1/images/search", json(200, """
                {"query": "bus", "repositories": [{"name": "library/busybox", "tags": [
                  {"name": "1", "digest": "sha256:%s", "mediaType": "application/vnd.oci.image.manifest.v1+json",
                   "size": 2048, "layers": 1, "pushedAt": "2026-11-27T11:00:00Z"}]}]}""".formatted("d".repeat(64))));

        assertThat(field(listed("ps", "--format", "json"), "name")).containsExactly("web");
        assertThat(listed("images", "--format", "json").get(0).get("tags").get(0).asString())
                .isEqualTo("busybox:latest");
        assertThat(field(listed("network", "ls", "--format", "json"), "name")).containsExactly("bridge");
        assertThat(field(listed("search", "bus", "--format", "json"), "name")).containsExactly("library/busybox");
    }

    @Test
    void theSchedulersListingsAreJsonArrays() {
        scheduler.on("GET", "/api/v1/apps/shop", json(200, """
                {"tenant": "default", "name": "shop", "createdAt": "2026-11-27T11:00:00Z",
                 "services": [{"name": "web", "version": 2, "spec": {"image": "busybox:2", "replicas": 1},
                               "rollout": "done", "replicas": 1, "running": 1, "pending": 0}]}"""));
        scheduler.on("GET", "/api/v1/apps/shop/services/web/versions", json(200, """
                [{"version": 2, "spec": {"image": "busybox:2"}, "createdAt": "2026-11-27T11:00:00Z"}]"""));
        scheduler.on("GET", "/api/v1/apps/shop/services/web/ps", json(200, """
                [{"id": 7, "slot": 0, "specVersion": 2, "node": "node-a", "desired": "running",
                  "status": "running", "restarts": 0, "container": "%s"}]""".formatted("d".repeat(64))));
        scheduler.on("GET", "/api/v1/nodes", json(200, """
                [{"id": "node-a", "state": "up", "draining": false, "replicas": 1}]"""));

        JsonNode replicas = listed("service", "ps", "shop", "--format", "json");
        assertThat(field(replicas, "service")).containsExactly("web");
        assertThat(replicas.get(0).get("image").asString()).isEqualTo("busybox:2");
        assertThat(replicas.get(0).get("replica").get("node").asString()).isEqualTo("node-a");
        assertThat(replicas.get(0).get("replica").get("container").asString()).isEqualTo("d".repeat(64));
        // The table shows the container as ps does, by its first 12 digits; all of them with --no-trunc.
        Map<String, String> env = Map.of("HOME", home.toString(), "BERTH_HOST", agent.url(), "BERTH_SCHEDULER",
                scheduler.url());
        assertThat(CliRun.run(env, "service", "ps", "shop").out).contains(" " + "d".repeat(12) + " ")
                .doesNotContain("d".repeat(13));
        assertThat(CliRun.run(env, "service", "ps", "--no-trunc", "shop").out).contains("d".repeat(64));
        assertThat(field(listed("service", "ls", "shop", "--format", "json"), "name")).containsExactly("web");
        assertThat(field(listed("node", "ls", "--format", "json"), "id")).containsExactly("node-a");
    }
}
