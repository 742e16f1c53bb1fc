package dev.berth.gateway.quota;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's limits; a null one is unlimited, and a tenant without a quota has them all null.
 *
 * @param cpuMilli cpu requests of every replica together, in millicores
 * @param memoryBytes memory requests of every replica together
 * @param containers replicas of every service together
 * @param imageStorageBytes the size of the images in the tenant's registry namespace
 */
public record Quota(@Nullable Long cpuMilli, @Nullable Long memoryBytes, @Nullable Long containers,
                    @Nullable Long imageStorageBytes) {
    public static final Quota UNLIMITED = new Quota(null, null, null, null);
    private static final Set<String> FIELDS = Set.of("cpu", "memory", "containers", "imageStorage");

    public Quota {
        for (Long limit : new Long[] {cpuMilli, memoryBytes, containers, imageStorageBytes}) {
            if (limit != null && limit < 0) {
                throw new IllegalArgumentException("a quota is 0 or more, not " + limit);
            }
        }
    }

    /** Whether any of the limits on apps is set: only then does a change to apps need counting. */
    public boolean limitsApps() {
        return cpuMilli != null || memoryBytes != null || containers != null;
    }

    /**
     * {@code {"cpu":"4","memory":"8Gi","containers":20,"imageStorage":"10Gi"}}: each field optional (absent or null is
     * unlimited), cpu and sizes as strings or numbers. A bad field is a 400 that names it.
     */
    public static Quota parse(String json) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new GatewayException(Problem.INVALID_REQUEST, "the quota is not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw new GatewayException(Problem.INVALID_REQUEST, "a quota is a JSON object such as"
                    + " {\"cpu\":\"4\",\"memory\":\"8Gi\",\"containers\":20,\"imageStorage\":\"10Gi\"}");
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new GatewayException(Problem.INVALID_REQUEST, "unknown quota field '" + field.getKey()
                        + "': a quota has cpu, memory, containers and imageStorage");
            }
        }
        return new Quota(
                quantity(body, "cpu", Quantities::cpuMilli, "cores such as 4 or 0.5, or millicores such as 250m"),
                quantity(body, "memory", Quantities::bytes, "bytes, or with a unit such as 512Mi or 8Gi"),
                count(body),
                quantity(body, "imageStorage", Quantities::bytes, "bytes, or with a unit such as 512Mi or 10Gi"));
    }

    private static @Nullable Long quantity(JsonNode body, String field, Function<String, OptionalLong> parse,
                                           String grammar) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        String text = value.isString() || value.isNumber() ? value.asString() : value.toString();
        OptionalLong parsed = value.isString() || value.isNumber() ? parse.apply(text) : OptionalLong.empty();
        if (parsed.isEmpty()) {
            throw new GatewayException(Problem.INVALID_REQUEST, "quota field " + field + ": '" + text
                    + "' is not a quantity: " + grammar);
        }
        return parsed.getAsLong();
    }

    private static @Nullable Long count(JsonNode body) {
        JsonNode value = body.path("containers");
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            String text = value.isString() ? value.asString() : value.toString();
            throw new GatewayException(Problem.INVALID_REQUEST, "quota field containers: '" + text
                    + "' is not a whole number, 0 or more");
        }
        return value.longValue();
    }
}
