package dev.berth.cli.format;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Durations as Docker prints them in {@code ps} and {@code images} ("3 seconds", "About a minute", "2 hours"), with
 * the thresholds of Docker's go-units {@code HumanDuration}, so that both tools say the same about the same age.
 */
public final class HumanDuration {

    private static final double SECONDS_PER_HOUR = 3600.0;

    private HumanDuration() {
    }

    /** {@code "2 hours ago"}; a time in the future (clock skew) reads as "Less than a second ago". */
    public static String ago(Instant then, Instant now) {
        return of(Duration.between(then, now)) + " ago";
    }

    /** The same for an RFC 3339 time as the agent sends it; an absent or unreadable time shows as nothing. */
    public static String ago(@Nullable String timestamp, Instant now) {
        if (timestamp == null || timestamp.isBlank()) {
            return "";
        }
        try {
            return ago(OffsetDateTime.parse(timestamp).toInstant(), now);
        } catch (DateTimeParseException e) {
            return "";
        }
    }

    public static String of(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = seconds / 60;
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        // Hours round to the nearest, unlike seconds and minutes: 90 minutes is "2 hours".
        long hours = (long) (seconds / SECONDS_PER_HOUR + 0.5);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return seconds / 3600 / 24 / 365 + " years";
    }
}
