package dev.berth.agent.cluster;

import java.time.Duration;
import java.util.Locale;

/**
 * What the agent does when a replica's container exits: {@code always} starts it again, {@code on-failure} only after
 * a non-zero exit and at most {@code maxRetries} times (0: no limit), {@code never} (or {@code no}) leaves it exited.
 * Each restart waits {@code backoff}, doubled per consecutive restart up to {@code maxBackoff}.
 */
public record RestartPolicy(Kind kind, int maxRetries, Duration backoff, Duration maxBackoff) {

    public enum Kind {
        ALWAYS, ON_FAILURE, NEVER;

        static Kind parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "always" -> ALWAYS;
                case "on-failure" -> ON_FAILURE;
                case "never", "no" -> NEVER;
                default -> throw new IllegalArgumentException("restart policy '" + text
                        + "' is not always, on-failure or never");
            };
        }
    }

    public static final RestartPolicy DEFAULT = new RestartPolicy(Kind.ALWAYS, 0, Duration.ofSeconds(1),
            Duration.ofMinutes(1));

    public RestartPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("restart.maxRetries must be 0 or more, not " + maxRetries);
        }
        if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("restart backoff " + backoff + " must be between 0 and maxBackoff "
                    + maxBackoff);
        }
    }

    /** Whether an exit with this code calls for a restart at all (before the retry limit). */
    public boolean restartsAfter(int exitCode) {
        return switch (kind) {
            case ALWAYS -> true;
            case ON_FAILURE -> exitCode != 0;
            case NEVER -> false;
        };
    }

    /** Whether {@code failures} restarts already made after failures use up the retries. */
    public boolean exhausted(int failures) {
        return kind == Kind.ON_FAILURE && maxRetries > 0 && failures >= maxRetries;
    }

    /** The wait before restart number {@code consecutive} (0 for the first): backoff × 2^n, capped at maxBackoff. */
    public Duration delay(int consecutive) {
        if (consecutive >= 62 || backoff.isZero()) {
            return backoff.isZero() ? Duration.ZERO : maxBackoff;
        }
        long millis = backoff.toMillis();
        long factor = 1L << consecutive;
        if (millis > maxBackoff.toMillis() / factor) {
            return maxBackoff;
        }
        return Duration.ofMillis(millis * factor);
    }
}
