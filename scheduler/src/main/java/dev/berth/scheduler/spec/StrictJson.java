package dev.berth.scheduler.spec;

import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies strictly: an unknown field, a null where a number belongs or trailing data is an error that
 * names the field, never something ignored. A typo in a spec ({@code replica: 3}) must not pass as the default.
 */
public final class StrictJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {}

    /** The body read as a {@code type}; a {@link SpecException} naming the field if it is not one. */
    public static <T> T read(String body, Class<T> type) {
        if (body.isBlank()) {
            throw SpecException.of("body", "a JSON object is required");
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            throw SpecException.of(path(e.getPath()), "unknown field '" + e.getPropertyName() + "'"
                    + (known.isEmpty() ? "" : "; known fields here: " + known));
        } catch (JacksonException e) {
            throw SpecException.of(path(e.getPath()), e.getOriginalMessage().lines().findFirst().orElse("invalid JSON"));
        }
    }

    /** Writes a value as JSON (the stored form of a spec). */
    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
