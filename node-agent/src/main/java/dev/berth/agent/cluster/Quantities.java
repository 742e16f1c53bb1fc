package dev.berth.agent.cluster;

import dev.berth.agent.container.ByteSize;
import java.time.Duration;
import java.util.Locale;

/**
 * The scheduler's stored forms of quantities: cpu as millicores ({@code "250m"}) or cores ({@code "2"}), memory as
 * bytes ({@code "268435456"}), durations as milliseconds ({@code "10000ms"}). Seconds, minutes and hours are read too.
 */
final class Quantities {
    private Quantities() {}

    static double cores(String text) {
        String t = text.strip();
        try {
            return t.endsWith("m") ? Long.parseLong(t.substring(0, t.length() - 1)) / 1000.0 : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a cpu quantity (250m, 2)");
        }
    }

    static long bytes(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return ByteSize.parse(text.strip());
        }
    }

    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long amount = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (10000ms, 10s, 1m)");
        }
    }
}
