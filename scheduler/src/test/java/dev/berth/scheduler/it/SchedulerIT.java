package dev.berth.scheduler.it;

import dev.berth.scheduler.SchedulerApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A real scheduler in this JVM on a random loopback port, over the real PostgreSQL in a schema of the test class's
 * own (nodes are cluster-wide, so classes must not see each other's), with a short node grace and a fast loop. Tests
 * talk to it over HTTP, as agents and users do.
 */
@SpringBootTest(classes = SchedulerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"berth.scheduler.node-grace=1s", "berth.scheduler.reconcile-interval=100ms",
                "berth.scheduler.leader-retry=200ms", "berth.scheduler.watch.poll=50ms"})
abstract class SchedulerIT {
    @LocalServerPort
    int port;

    @Value("${berth.scheduler.schema}")
    String schema;

    Http http;
    final List<SimulatedAgent> agents = new ArrayList<>();

    @BeforeEach
    void connect() {
        http = new Http(port);
    }

    @AfterEach
    void stopAgents() {
        agents.forEach(SimulatedAgent::close);
        // Their nodes go down after the grace; until then nothing new should land on them.
        agents.forEach(agent -> http.post("/api/v1/nodes/" + agent.id + "/drain", ""));
    }

    SimulatedAgent agent(String id, String cpu, String memory, Map<String, String> labels) {
        SimulatedAgent agent = new SimulatedAgent(http, id, cpu, memory, labels);
        agents.add(agent);
        return agent;
    }

    JsonNode ps(String tenant, String app, String service) {
        return http.get("/api/v1/apps/" + app + "/services/" + service + "/ps?tenant=" + tenant).expect(200).json();
    }

    /** The nodes of the replicas that are running or healthy. */
    List<String> runningNodes(String tenant, String app, String service) {
        List<String> nodes = new ArrayList<>();
        for (JsonNode replica : ps(tenant, app, service)) {
            String status = replica.get("status").asString();
            if ((status.equals("running") || status.equals("healthy")) && replica.hasNonNull("node")) {
                nodes.add(replica.get("node").asString());
            }
        }
        return nodes;
    }

    static String service(String image, int replicas, String extra) {
        return "{\"image\":\"" + image + "\",\"replicas\":" + replicas + ",\"resources\":{\"cpu\":{\"request\":"
                + "\"500m\"},\"memory\":{\"request\":\"256Mi\"}}" + extra + "}";
    }
}
