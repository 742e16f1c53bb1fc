package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The thresholds of Docker's go-units HumanDuration, at and around each boundary. */
class HumanDurationTest {

    private static String of(Duration duration) {
        return HumanDuration.of(duration);
    }

    @Test
    void seconds() {
        assertThat(of(Duration.ZERO)).isEqualTo("Less than a second");
        assertThat(of(Duration.ofMillis(999))).isEqualTo("Less than a second");
        assertThat(of(Duration.ofSeconds(-5))).isEqualTo("Less than a second");
        assertThat(of(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(of(Duration.ofMillis(3999))).isEqualTo("3 seconds");
        assertThat(of(Duration.ofSeconds(59))).isEqualTo("59 seconds");
    }

    @Test
    void minutes() {
        assertThat(of(Duration.ofSeconds(60))).isEqualTo("About a minute");
        assertThat(of(Duration.ofSeconds(119))).isEqualTo("About a minute");
        assertThat(of(Duration.ofSeconds(120))).isEqualTo("2 minutes");
        assertThat(of(Duration.ofMinutes(5))).isEqualTo("5 minutes");
        assertThat(of(Duration.ofSeconds(59 * 60 + 59))).isEqualTo("59 minutes");
    }

    @Test
    void hoursRoundToTheNearest() {
        assertThat(of(Duration.ofMinutes(60))).isEqualTo("About an hour");
        assertThat(of(Duration.ofMinutes(89))).isEqualTo("About an hour");
        assertThat(of(Duration.ofMinutes(90))).isEqualTo("2 hours");
        assertThat(of(Duration.ofHours(2))).isEqualTo("2 hours");
        assertThat(of(Duration.ofMinutes(47 * 60 + 29))).isEqualTo("47 hours");
    }

    @Test
    void daysWeeksMonthsYears() {
        assertThat(of(Duration.ofMinutes(47 * 60 + 30))).isEqualTo("2 days");
        assertThat(of(Duration.ofDays(3))).isEqualTo("3 days");
        assertThat(of(Duration.ofDays(13))).isEqualTo("13 days");
        assertThat(of(Duration.ofDays(14))).isEqualTo("2 weeks");
        assertThat(of(Duration.ofDays(59))).isEqualTo("8 weeks");
        assertThat(of(Duration.ofDays(60))).isEqualTo("2 months");
        assertThat(of(Duration.ofDays(729))).isEqualTo("24 months");
        assertThat(of(Duration.ofDays(730))).isEqualTo("2 years");
    }

    @Test
    void agoReadsTheAgentsTimestamps() {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        assertThat(HumanDuration.ago("2026-11-27T11:59:57Z", now)).isEqualTo("3 seconds ago");
        assertThat(HumanDuration.ago("2026-11-27T11:59:59.5Z", now)).isEqualTo("Less than a second ago");
        assertThat(HumanDuration.ago("2026-11-27T13:00:00+02:00", now)).isEqualTo("About an hour ago");
        assertThat(HumanDuration.ago("2026-11-27T10:00:00Z", now)).isEqualTo("2 hours ago");
        assertThat(HumanDuration.ago("yesterday", now)).isEmpty();
        assertThat(HumanDuration.ago((String) null, now)).isEmpty();
    }
}
