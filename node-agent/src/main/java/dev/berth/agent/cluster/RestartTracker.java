package dev.berth.agent.cluster;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One replica's restart history under its policy: how often it was restarted, when the next start is due, and
 * whether the policy has given up. A run that lasted {@link #RESET_AFTER} or longer resets the backoff (as Docker
 * does), not the count of failures that {@code maxRetries} limits.
 */
final class RestartTracker {
    static final Duration RESET_AFTER = Duration.ofSeconds(10);

    /** What an exit leads to. */
    enum Outcome { RESTART, STAY_EXITED, GIVE_UP }

    private RestartPolicy policy;
    private int restarts;
    private int consecutive;
    private int failures;
    private @Nullable Instant due;
    private boolean gaveUp;

    RestartTracker(RestartPolicy policy) {
        this(policy, 0);
    }

    /** A tracker that carries on from {@code restarts} made before (by an earlier run of the agent). */
    RestartTracker(RestartPolicy policy, int restarts) {
        this.policy = policy;
        this.restarts = restarts;
        this.failures = restarts;
    }

    synchronized void policy(RestartPolicy policy) {
        this.policy = policy;
    }

    /**
     * Records an exit (or a start that failed) that ran for {@code ranFor}, and decides what follows: a restart due at
     * {@link #due()}, nothing, or giving up.
     */
    synchronized Outcome exited(int exitCode, Duration ranFor, Instant now) {
        if (ranFor.compareTo(RESET_AFTER) >= 0) {
            consecutive = 0;
        }
        if (!policy.restartsAfter(exitCode)) {
            due = null;
            return Outcome.STAY_EXITED;
        }
        if (exitCode != 0 && policy.exhausted(failures)) {
            due = null;
            gaveUp = true;
            return Outcome.GIVE_UP;
        }
        if (exitCode != 0) {
            failures++;
        }
        due = now.plus(policy.delay(consecutive));
        consecutive++;
        return Outcome.RESTART;
    }

    /** Whether a restart is due by {@code now}. */
    synchronized boolean due(Instant now) {
        return due != null && !now.isBefore(due);
    }

    synchronized @Nullable Instant due() {
        return due;
    }

    /** A restart was made. */
    synchronized void restarted() {
        restarts++;
        due = null;
    }

    /** The policy will not restart it again (a failure it does not restart, before any process ran). */
    synchronized void giveUp() {
        gaveUp = true;
        due = null;
    }

    synchronized int restarts() {
        return restarts;
    }

    synchronized boolean gaveUp() {
        return gaveUp;
    }
}
