package dev.berth.agent.api;

import java.time.Duration;

/** Durations the way Docker prints them in {@code ps}: "Less than a second", "3 minutes", "About an hour". */
final class HumanDuration {
    private HumanDuration() {}

    static String of(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = duration.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(duration.toSeconds() / 3600.0);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        long days = duration.toDays();
        if (days < 14) {
            return days + " days";
        }
        if (days < 60) {
            return days / 7 + " weeks";
        }
        if (days < 730) {
            return days / 30 + " months";
        }
        return days / 365 + " years";
    }
}
