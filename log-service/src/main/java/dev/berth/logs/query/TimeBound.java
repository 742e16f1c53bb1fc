package dev.berth.logs.query;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code since} and {@code until} as docker takes them: an RFC 3339 time ({@code 2026-11-28T12:00:00Z}, with or
 * without fractions and with any offset), Unix seconds with an optional fraction ({@code 1764331200.5}), or a
 * duration back from now ({@code 10m}, {@code 1h30m}, {@code 45s}).
 */
final class TimeBound {
    private static final Pattern RELATIVE = Pattern.compile("((\\d+)h)?((\\d+)m)?((\\d+)s)?");
    private static final Pattern UNIX = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");

    private TimeBound() {}

    /** Epoch nanoseconds of {@code text}, relative to {@code nowNs} for durations. */
    static long parse(String name, String text, long nowNs) {
        if (UNIX.matcher(text).matches()) {
            return new BigDecimal(text).movePointRight(9).longValueExact();
        }
        Matcher relative = RELATIVE.matcher(text);
        if (!text.isEmpty() && relative.matches()) {
            Duration back = Duration.ofHours(group(relative, 2)).plusMinutes(group(relative, 4))
                    .plusSeconds(group(relative, 6));
            return nowNs - back.toNanos();
        }
        try {
            Instant instant = OffsetDateTime.parse(text).toInstant();
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid " + name + " '" + text + "': use an RFC 3339 time"
                    + " (2026-11-28T12:00:00Z), Unix seconds (1764331200 or 1764331200.25) or a duration back from"
                    + " now (10m, 1h30m, 45s)");
        }
    }

    private static long group(Matcher matcher, int group) {
        String value = matcher.group(group);
        return value == null ? 0 : Long.parseLong(value);
    }
}
