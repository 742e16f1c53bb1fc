package dev.berth.agent.container;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Pattern;

/** A container's unique name, as Docker allows them: {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}. */
public record ContainerName(@JsonValue String value) {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> ADJECTIVES = List.of("brave", "calm", "eager", "fond", "gentle", "happy",
            "jolly", "keen", "lucid", "merry", "nimble", "proud", "quiet", "sharp", "tender", "vivid", "witty", "zen");
    private static final List<String> NOUNS = List.of("anchor", "buoy", "cutter", "dinghy", "ferry", "galley",
            "harbor", "jetty", "keel", "lighthouse", "mooring", "pier", "quay", "rudder", "schooner", "tug", "wharf");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ContainerName {
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid container name '" + value
                    + "': only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed, up to 128 characters");
        }
    }

    /** A generated name such as {@code calm_harbor}, for containers created without one. */
    public static ContainerName random() {
        return new ContainerName(ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "_"
                + NOUNS.get(RANDOM.nextInt(NOUNS.size())) + "_" + (100 + RANDOM.nextInt(900)));
    }

    @Override
    public String toString() {
        return value;
    }
}
