package dev.berth.agent.container;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A container's id: 64 lowercase hex digits, random. */
public record ContainerId(@JsonValue String value) {
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ContainerId {
        if (!HEX64.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid container id '" + value + "': expected 64 hex digits");
        }
    }

    public static ContainerId random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new ContainerId(HexFormat.of().formatHex(bytes));
    }

    /** The first 12 digits, as {@code docker ps} shows ids and as the default hostname. */
    public String shortId() {
        return value.substring(0, 12);
    }

    @Override
    public String toString() {
        return value;
    }
}
