package dev.berth.agent.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the scheduler's assignment stream, one JSON object per line (NDJSON), into {@link WatchEvent}s. Everything is
 * checked here, at the edge: a malformed line is an {@link IllegalArgumentException} that names what is wrong, and an
 * assignment that comes out of it is valid. Unknown fields are ignored, so a newer scheduler can add some.
 */
public final class WatchMessages {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WatchMessages() {}

    /** The event of one line; null for a blank line. */
    public static @Nullable WatchEvent parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        JsonNode message;
        try {
            message = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("an assignment message is not JSON: " + e.getOriginalMessage());
        }
        String type = text(message, "type");
        long revision = number(message, "revision");
        return switch (type) {
            case "snapshot" -> {
                List<Assignment> assignments = new ArrayList<>();
                for (JsonNode node : required(message, "assignments").values()) {
                    assignments.add(assignment(node));
                }
                yield new WatchEvent.Snapshot(revision, assignments);
            }
            case "put" -> new WatchEvent.Put(revision, assignment(required(message, "assignment")));
            case "remove" -> new WatchEvent.Remove(revision, number(message, "replica"));
            case "keepalive" -> new WatchEvent.Keepalive(revision);
            default -> throw new IllegalArgumentException("unknown assignment message type '" + type + "'");
        };
    }

    static Assignment assignment(JsonNode node) {
        long replica = number(node, "replica");
        try {
            return new Assignment(replica, text(node, "tenant"), text(node, "app"), text(node, "service"),
                    Math.toIntExact(number(node, "slot")), Math.toIntExact(number(node, "specVersion")),
                    text(node, "name"), node.path("desired").isString() ? node.get("desired").asString() : "running",
                    spec(required(node, "spec")));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("assignment of replica " + replica + ": " + e.getMessage(), e);
        }
    }

    static ReplicaSpec spec(JsonNode spec) {
        List<String> command = new ArrayList<>();
        for (JsonNode arg : spec.path("command").values()) {
            command.add(arg.asString());
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : spec.path("env").properties()) {
            env.put(e.getKey(), e.getValue().asString());
        }
        JsonNode resources = spec.path("resources");
        String cpu = optionalText(resources.path("cpu"), "limit");
        String memory = optionalText(resources.path("memory"), "limit");
        JsonNode pids = resources.path("pids");
        List<ReplicaSpec.Port> ports = new ArrayList<>();
        for (JsonNode port : spec.path("ports").values()) {
            JsonNode host = port.path("host");
            String protocol = optionalText(port, "protocol");
            ports.add(new ReplicaSpec.Port(Math.toIntExact(number(port, "container")),
                    host.isNumber() ? host.asInt() : null, protocol == null ? "tcp" : protocol));
        }
        return new ReplicaSpec(text(spec, "image"), command, env, cpu == null ? null : Quantities.cores(cpu),
                memory == null ? null : Quantities.bytes(memory), pids.isNumber() ? pids.asLong() : null, ports,
                restart(spec.path("restart")), health(spec.path("health")));
    }

    private static RestartPolicy restart(JsonNode restart) {
        if (!restart.isObject()) {
            return RestartPolicy.DEFAULT;
        }
        String policy = optionalText(restart, "policy");
        String backoff = optionalText(restart, "backoff");
        String maxBackoff = optionalText(restart, "maxBackoff");
        return new RestartPolicy(policy == null ? RestartPolicy.Kind.ALWAYS : RestartPolicy.Kind.parse(policy),
                restart.path("maxRetries").isNumber() ? restart.get("maxRetries").asInt() : 0,
                backoff == null ? RestartPolicy.DEFAULT.backoff() : Quantities.duration(backoff),
                maxBackoff == null ? RestartPolicy.DEFAULT.maxBackoff() : Quantities.duration(maxBackoff));
    }

    private static @Nullable HealthCheck health(JsonNode health) {
        if (!health.isObject()) {
            return null;
        }
        List<String> exec = null;
        if (health.path("exec").isArray()) {
            exec = new ArrayList<>();
            for (JsonNode arg : health.get("exec").values()) {
                exec.add(arg.asString());
            }
        }
        JsonNode http = health.path("http");
        Integer port = http.isObject() ? Math.toIntExact(number(http, "port")) : null;
        String path = http.isObject() ? optionalText(http, "path") : null;
        String interval = optionalText(health, "interval");
        String timeout = optionalText(health, "timeout");
        return new HealthCheck(exec, port, path == null ? "/" : path,
                interval == null ? Duration.ofSeconds(10) : Quantities.duration(interval),
                timeout == null ? Duration.ofSeconds(2) : Quantities.duration(timeout),
                health.path("retries").isNumber() ? health.get("retries").asInt() : 3);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isString()) {
            throw new IllegalArgumentException("'" + field + "' is not a string");
        }
        return value.asString();
    }

    private static @Nullable String optionalText(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : value.isNumber() ? value.asString() : null;
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + field + "' is not an integer");
        }
        return value.asLong();
    }
}
