package dev.berth.gateway.quota;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * What one service asks for: its replicas and each replica's cpu and memory requests. Read from a spec as the
 * scheduler would read it: a missing {@code replicas} is 1, a missing request is the scheduler's default (100m cpu,
 * 64Mi memory), whatever the limit says.
 */
public record ServiceDemand(long replicas, long cpuMilli, long memoryBytes) {
    static final String DEFAULT_CPU = "100m";
    static final String DEFAULT_MEMORY = "64Mi";

    /** The spec's demand; {@code field} names the spec in errors (such as {@code services.web}). */
    public static ServiceDemand of(JsonNode spec, String field) {
        if (!spec.isObject()) {
            throw invalid(field, "a service spec is a JSON object");
        }
        JsonNode replicas = spec.path("replicas");
        long count = 1;
        if (!replicas.isMissingNode() && !replicas.isNull()) {
            if (!replicas.isIntegralNumber() || !replicas.canConvertToLong() || replicas.longValue() < 0) {
                throw invalid(prefix(field) + "replicas", "must be a whole number, 0 or more");
            }
            count = replicas.longValue();
        }
        JsonNode resources = spec.path("resources");
        return new ServiceDemand(count,
                request(resources.path("cpu").path("request"), prefix(field) + "resources.cpu.request", DEFAULT_CPU,
                        Quantities::cpuMilli),
                request(resources.path("memory").path("request"), prefix(field) + "resources.memory.request",
                        DEFAULT_MEMORY, Quantities::bytes));
    }

    /**
     * The demand of one version in the scheduler's {@code GET …/services/{service}/versions}
     * ({@code [{"version", "spec"}]}); empty when it lists no such version.
     */
    public static Optional<ServiceDemand> ofVersion(JsonNode versions, int version, String field) {
        for (JsonNode entry : versions.values()) {
            if (entry.path("version").asInt(-1) == version) {
                return Optional.of(of(entry.path("spec"), field + ".v" + version));
            }
        }
        return Optional.empty();
    }

    public ServiceDemand withReplicas(long count) {
        return new ServiceDemand(count, cpuMilli, memoryBytes);
    }

    /** Replicas times requests. */
    public Demand total() {
        return new Demand(Math.multiplyExact(replicas, cpuMilli), Math.multiplyExact(replicas, memoryBytes),
                replicas);
    }

    private static long request(JsonNode value, String field, String fallback, Function<String, OptionalLong> parse) {
        String text = value.isMissingNode() || value.isNull() ? fallback
                : value.isNumber() || value.isString() ? value.asString() : "";
        return parse.apply(text).orElseThrow(() -> invalid(field, "'" + text + "' is not a quantity"));
    }

    private static String prefix(String field) {
        return field.isEmpty() ? "" : field + ".";
    }

    private static GatewayException invalid(String field, String message) {
        return new GatewayException(Problem.INVALID_REQUEST, (field.isEmpty() ? "the spec" : field) + ": " + message);
    }
}
