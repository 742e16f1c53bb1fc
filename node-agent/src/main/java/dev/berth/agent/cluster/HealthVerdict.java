package dev.berth.agent.cluster;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The verdict of one run's health checks: none until the first result, healthy after a passing check, unhealthy
 * after {@code retries} failures in a row (a passing check makes it healthy again).
 */
final class HealthVerdict {
    static final String HEALTHY = "healthy";
    static final String UNHEALTHY = "unhealthy";

    private final int retries;
    private int failures;
    private @Nullable String verdict;
    private @Nullable String output;

    HealthVerdict(int retries) {
        this.retries = retries;
    }

    /** Records one check; whether the verdict changed. */
    synchronized boolean record(boolean passed, @Nullable String output) {
        String before = verdict;
        this.output = output;
        if (passed) {
            failures = 0;
            verdict = HEALTHY;
        } else {
            failures++;
            if (failures >= retries) {
                verdict = UNHEALTHY;
            }
        }
        return !Objects.equals(before, verdict);
    }

    /** {@code healthy}, {@code unhealthy}, or null before a verdict. */
    synchronized @Nullable String verdict() {
        return verdict;
    }

    synchronized int failures() {
        return failures;
    }

    /** What the last check said (its output, or why it failed). */
    synchronized @Nullable String output() {
        return output;
    }
}
