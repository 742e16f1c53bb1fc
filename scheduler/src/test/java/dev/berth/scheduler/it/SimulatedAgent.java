package dev.berth.scheduler.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * A node agent as the scheduler sees one: it registers, and every beat reads its assignments and reports each as
 * running with the health {@link #healthOf} gives its image (null: no verdict, so "running"). Stopping it stops the
 * heartbeats, which is how a node dies.
 */
final class SimulatedAgent implements AutoCloseable {
    final String id;
    final Http http;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    /** Replica id to image, as of the last beat. */
    final Map<Long, String> running = new ConcurrentHashMap<>();
    volatile Function<String, String> healthOf = image -> "healthy";
    /** Replicas reported unhealthy whatever their image. */
    final java.util.Set<Long> unhealthy = ConcurrentHashMap.newKeySet();
    /** Replicas reported otherwise than running: the report's fields after the replica id, e.g. an exit. */
    final Map<Long, String> reportOf = new ConcurrentHashMap<>();

    SimulatedAgent(Http http, String id, String cpu, String memory, Map<String, String> labels) {
        this.http = http;
        this.id = id;
        StringBuilder labelJson = new StringBuilder("{");
        labels.forEach((k, v) -> labelJson.append(labelJson.length() > 1 ? "," : "").append('"').append(k)
                .append("\":\"").append(v).append('"'));
        labelJson.append('}');
        http.post("/internal/v1/nodes", "{\"id\":\"" + id + "\",\"address\":\"127.0.0.1:7700\",\"labels\":"
                + labelJson + ",\"capacity\":{\"cpu\":\"" + cpu + "\",\"memory\":\"" + memory
                + "\",\"pids\":10000,\"ports\":{\"min\":8000,\"max\":9000}}}").expect(200);
    }

    SimulatedAgent start() {
        beats.scheduleWithFixedDelay(this::beat, 0, 200, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The id this node reports for the container of {@code replica}: its own for each node and replica. */
    String containerOf(long replica) {
        return "%016x%016x".formatted(id.hashCode() & 0xffffffffL, replica);
    }

    void beat() {
        try {
            JsonNode snapshot = http.get("/internal/v1/nodes/" + id + "/assignments").expect(200).json();
            Map<Long, String> now = new ConcurrentHashMap<>();
            for (JsonNode assignment : snapshot.get("assignments")) {
                now.put(assignment.get("replica").asLong(), assignment.get("spec").get("image").asString());
            }
            running.keySet().retainAll(now.keySet());
            running.putAll(now);
            List<String> reports = new ArrayList<>();
            now.forEach((replica, image) -> {
                String custom = reportOf.get(replica);
                if (custom != null) {
                    reports.add("{\"replica\":" + replica + "," + custom + "}");
                    return;
                }
                String health = unhealthy.contains(replica) ? "unhealthy" : healthOf.apply(image);
                reports.add("{\"replica\":" + replica + ",\"state\":\"running\""
                        + (health == null ? "" : ",\"health\":\"" + health + "\"") + ",\"restarts\":0"
                        + ",\"container\":\"" + containerOf(replica) + "\"}");
            });
            http.post("/internal/v1/nodes/" + id + "/heartbeat", "{\"containers\":[" + String.join(",", reports)
                    + "],\"images\":[]}").expect(200);
        } catch (RuntimeException | AssertionError e) {
            System.err.println("agent " + id + ": " + e);
        }
    }

    @Override
    public void close() {
        beats.shutdownNow();
        try {
            beats.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
