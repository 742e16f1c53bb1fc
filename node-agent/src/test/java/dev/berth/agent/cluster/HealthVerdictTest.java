package dev.berth.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A verdict after N failures in a row, and back on a pass. */
class HealthVerdictTest {

    @Test
    void noVerdictUntilAPassOrRetriesFailuresInARow() {
        HealthVerdict verdict = new HealthVerdict(3);
        assertThat(verdict.verdict()).isNull();
        assertThat(verdict.record(false, "refused")).isFalse();
        assertThat(verdict.record(false, "refused")).isFalse();
        assertThat(verdict.verdict()).isNull();
        assertThat(verdict.record(false, "refused")).isTrue();
        assertThat(verdict.verdict()).isEqualTo("unhealthy");
        assertThat(verdict.output()).isEqualTo("refused");
    }

    @Test
    void aPassIsHealthyAtOnceAndResetsTheCount() {
        HealthVerdict verdict = new HealthVerdict(2);
        assertThat(verdict.record(true, "200")).isTrue();
        assertThat(verdict.verdict()).isEqualTo("healthy");
        assertThat(verdict.record(false, "500")).isFalse();
        assertThat(verdict.verdict()).as("one failure of two").isEqualTo("healthy");
        assertThat(verdict.record(true, "200")).isFalse();
        assertThat(verdict.record(false, "500")).isFalse();
        assertThat(verdict.verdict()).as("the pass between reset the count").isEqualTo("healthy");
        assertThat(verdict.record(false, "500")).isTrue();
        assertThat(verdict.verdict()).isEqualTo("unhealthy");
        assertThat(verdict.record(true, "200")).isTrue();
        assertThat(verdict.verdict()).isEqualTo("healthy");
    }
}
