package dev.berth.agent.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.it.AgentIT;
import dev.berth.agent.it.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** A real container's output shipped by the agent to an in-process log-service; labels through create and inspect. */
@TestPropertySource(properties = {"berth.agent.state-dir=${berth.it.dir}/logship/state",
        "berth.agent.run-dir=${berth.it.dir}/logship/run", "berth.agent.launch-mode=fast",
        "berth.agent.network.default-bridge=berthship0", "berth.agent.network.default-subnet=10.61.0.0/16",
        "berth.agent.network.pool=10.62.0.0/16", "berth.agent.network.table=berth_ship",
        "berth.agent.logs.node=it-node"})
class LogShippingIT extends AgentIT {
    private static final FakeLogService SERVICE;

    static {
        try {
            SERVICE = new FakeLogService();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void service(DynamicPropertyRegistry registry) {
        registry.add("berth.agent.logs.service", () -> SERVICE.uri().toString());
    }

    @AfterAll
    static void stopService() {
        SERVICE.close();
    }

    @Test
    void interleavedOutputAndA200KiBLineReachLogServiceWithTheContainersLabels() throws Exception {
        long before = System.currentTimeMillis() * 1_000_000;
        String id = api.create(Map.of("image", "busybox", "labels", Map.of("berth.tenant", "acme", "berth.app",
                "shop", "tier", "web"), "cmd", List.of("sh", "-c", "for i in 1 2 3; do echo out $i; sleep 0.05; "
                + "echo err $i >&2; sleep 0.05; done; head -c 204800 /dev/zero | tr '\\0' x; echo; echo end >&2")),
                true);
        api.await(id);
        JsonNode shipped = awaitShipped(id);
        long after = System.currentTimeMillis() * 1_000_000 + 1;

        String line = "x".repeat(204800) + "\n";
        assertThat(SERVICE.stream(id, "stdout").bytes.toString()).isEqualTo("out 1\nout 2\nout 3\n" + line);
        assertThat(SERVICE.stream(id, "stderr").bytes.toString()).isEqualTo("err 1\nerr 2\nerr 3\nend\n");
        assertThat(SERVICE.stream(id, "stdout").names).containsEntry("tenant", "acme").containsEntry("app", "shop")
                .containsEntry("node", "it-node").containsEntry("container", id);
        assertThat(SERVICE.stream(id, "stdout").duplicateBytes).isZero();
        assertThat(SERVICE.received).filteredOn(r -> r.container().equals(id))
                .allMatch(r -> r.length() <= 64 << 10)
                .allMatch(r -> r.nanos() >= before && r.nanos() <= after);
        // Arrival times keep the interleaving: "out 2" arrived after "err 1", which arrived after "out 1".
        long out2 = arrival(id, "stdout", 6);
        long err1 = arrival(id, "stderr", 0);
        assertThat(arrival(id, "stdout", 0)).isLessThan(err1);
        assertThat(err1).isLessThan(out2);
        assertThat(shipped.path("stdout").path("written").asLong()).isEqualTo(18 + line.length());

        JsonNode config = api.inspect(id).path("config");
        assertThat(config.path("labels").path("berth.tenant").asString()).isEqualTo("acme");
        assertThat(config.path("labels").path("tier").asString()).isEqualTo("web");
        api.delete("/v1/containers/" + id);
    }

    @Test
    void aRemovedContainersUnshippedOutputIsShippedFromTheSpool() throws Exception {
        SERVICE.down();
        Path spool;
        String id;
        try {
            id = api.create(Map.of("image", "busybox", "cmd", List.of("sh", "-c", "echo before removal")), true);
            api.await(id);
            assertThat(api.delete("/v1/containers/" + id).status()).isEqualTo(204);
            spool = Path.of(System.getProperty("berth.it.dir", "target/it"), "logship", "state", "log-spool", id);
            assertThat(spool.resolve("stdout.log")).exists();
        } finally {
            SERVICE.up();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Files.exists(spool)) {
            assertThat(System.nanoTime()).as("spool drained").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(SERVICE.stream(id, "stdout").bytes.toString()).isEqualTo("before removal\n");
    }

    @Test
    void infoNamesTheServiceAndLabelsAreValidated() {
        JsonNode logs = api.get("/v1/info").json().path("logs");
        assertThat(logs.path("service").asString()).isEqualTo(SERVICE.uri().toString());
        assertThat(logs.path("tenant").asString()).isEqualTo("default");
        assertThat(logs.path("node").asString()).isEqualTo("it-node");
        ApiClient.Response bad = api.post("/v1/containers", Map.of("image", "busybox", "labels", Map.of("", "x")));
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        ApiClient.Response long_ = api.post("/v1/containers", Map.of("image", "busybox", "labels",
                Map.of("k", "v".repeat(4097))));
        assertThat(long_.status()).as(long_.body()).isEqualTo(400);
    }

    /** The arrival time of the record holding a stream's byte at {@code offset}. */
    private static long arrival(String id, String stream, long offset) {
        return SERVICE.received.stream().filter(r -> r.container().equals(id) && r.stream().equals(stream)
                && r.offset() <= offset && offset < r.offset() + r.length()).findFirst().orElseThrow().nanos();
    }

    /** Polls inspect until every stream is shipped to its end; returns its logShipping. */
    private JsonNode awaitShipped(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode shipping = api.inspect(id).path("logShipping");
            boolean done = shipping.isObject() && !shipping.isEmpty();
            for (JsonNode stream : shipping) {
                done &= stream.path("written").asLong() == stream.path("shipped").asLong();
            }
            if (done) {
                return shipping;
            }
            assertThat(System.nanoTime()).as("shipped: " + shipping).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
