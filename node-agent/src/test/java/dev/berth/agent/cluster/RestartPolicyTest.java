package dev.berth.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Backoff arithmetic and when each policy restarts, and gives up. */
class RestartPolicyTest {
    static final Instant T0 = Instant.parse("2026-11-29T00:00:00Z");

    @Test
    void backoffDoublesFromBackoffUpToMaxBackoff() {
        RestartPolicy policy = new RestartPolicy(RestartPolicy.Kind.ALWAYS, 0, Duration.ofMillis(500),
                Duration.ofSeconds(5));
        assertThat(policy.delay(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delay(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.delay(40)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.delay(63)).as("no overflow").isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.delay(1000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void whichExitsEachPolicyRestarts() {
        assertThat(Specs.policy(RestartPolicy.Kind.ALWAYS, 0).restartsAfter(0)).isTrue();
        assertThat(Specs.policy(RestartPolicy.Kind.ON_FAILURE, 0).restartsAfter(0)).isFalse();
        assertThat(Specs.policy(RestartPolicy.Kind.ON_FAILURE, 0).restartsAfter(137)).isTrue();
        assertThat(Specs.policy(RestartPolicy.Kind.NEVER, 0).restartsAfter(1)).isFalse();
        assertThat(RestartPolicy.Kind.parse("no")).isEqualTo(RestartPolicy.Kind.NEVER);
        assertThatThrownBy(() -> RestartPolicy.Kind.parse("sometimes")).hasMessageContaining("sometimes");
    }

    @Test
    void trackerSchedulesEachRestartAfterTheDoubledBackoff() {
        RestartTracker tracker = new RestartTracker(Specs.policy(RestartPolicy.Kind.ALWAYS, 0));
        assertThat(tracker.exited(1, Duration.ofMillis(10), T0)).isEqualTo(RestartTracker.Outcome.RESTART);
        assertThat(tracker.due()).isEqualTo(T0.plusSeconds(1));
        assertThat(tracker.due(T0.plusMillis(999))).isFalse();
        assertThat(tracker.due(T0.plusSeconds(1))).isTrue();
        tracker.restarted();
        assertThat(tracker.exited(1, Duration.ofMillis(10), T0)).isEqualTo(RestartTracker.Outcome.RESTART);
        assertThat(tracker.due()).isEqualTo(T0.plusSeconds(2));
        tracker.restarted();
        tracker.exited(1, Duration.ofMillis(10), T0);
        assertThat(tracker.due()).isEqualTo(T0.plusSeconds(4));
        tracker.restarted();
        tracker.exited(1, Duration.ofMillis(10), T0);
        tracker.restarted();
        tracker.exited(1, Duration.ofMillis(10), T0);
        assertThat(tracker.due()).as("capped at maxBackoff").isEqualTo(T0.plusSeconds(8));
        assertThat(tracker.restarts()).isEqualTo(4);
    }

    @Test
    void aLongRunResetsTheBackoffButNotTheCount() {
        RestartTracker tracker = new RestartTracker(Specs.policy(RestartPolicy.Kind.ALWAYS, 0));
        for (int i = 0; i < 3; i++) {
            tracker.exited(1, Duration.ZERO, T0);
            tracker.restarted();
        }
        tracker.exited(1, RestartTracker.RESET_AFTER, T0);
        assertThat(tracker.due()).isEqualTo(T0.plusSeconds(1));
        assertThat(tracker.restarts()).isEqualTo(3);
    }

    @Test
    void onFailureGivesUpAfterMaxRetriesFailures() {
        RestartTracker tracker = new RestartTracker(Specs.policy(RestartPolicy.Kind.ON_FAILURE, 2));
        assertThat(tracker.exited(3, Duration.ZERO, T0)).isEqualTo(RestartTracker.Outcome.RESTART);
        tracker.restarted();
        assertThat(tracker.exited(3, Duration.ZERO, T0)).isEqualTo(RestartTracker.Outcome.RESTART);
        tracker.restarted();
        assertThat(tracker.exited(3, Duration.ZERO, T0)).isEqualTo(RestartTracker.Outcome.GIVE_UP);
        assertThat(tracker.gaveUp()).isTrue();
        assertThat(tracker.due()).isNull();
        assertThat(tracker.restarts()).isEqualTo(2);
    }

    @Test
    void onFailureWithoutALimitNeverGivesUpAndNeverLeavesAnExitedOneExited() {
        RestartTracker tracker = new RestartTracker(Specs.policy(RestartPolicy.Kind.ON_FAILURE, 0));
        for (int i = 0; i < 100; i++) {
            assertThat(tracker.exited(1, Duration.ZERO, T0)).isEqualTo(RestartTracker.Outcome.RESTART);
            tracker.restarted();
        }
        assertThat(tracker.exited(0, Duration.ZERO, T0)).isEqualTo(RestartTracker.Outcome.STAY_EXITED);
        assertThat(tracker.gaveUp()).isFalse();
    }

    @Test
    void neverLeavesEveryExitAlone() {
        RestartTracker tracker = new RestartTracker(Specs.policy(RestartPolicy.Kind.NEVER, 0));
        assertThat(tracker.exited(137, Duration.ZERO, T0)).isEqualTo(RestartTracker.Outcome.STAY_EXITED);
        assertThat(tracker.due()).isNull();
    }
}
