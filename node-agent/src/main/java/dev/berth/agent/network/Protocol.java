package dev.berth.agent.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The transport of a published port. */
public enum Protocol {
    TCP, UDP;

    @JsonCreator
    public static Protocol parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tcp" -> TCP;
            case "udp" -> UDP;
            default -> throw new IllegalArgumentException("protocol '" + name + "' is not tcp or udp");
        };
    }

    /** As in nft and the API: {@code tcp}, {@code udp}. */
    @JsonValue
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
