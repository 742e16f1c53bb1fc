package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code berth logs}: what a container wrote, on the stream it wrote it to, cut by tail and time, or followed. */
@ExtendWith(RealAgent.class)
class LogsIT {

    /** An RFC 3339 time with nanoseconds, a space, then the line as written. */
    private static final Pattern STAMPED = Pattern.compile(
            "(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}(?:Z|[+-]\\d\\d:\\d\\d)) (.*)");
    private static final Duration FOLLOW_TIMEOUT = Duration.ofSeconds(10);

    private final Cli berth;
    private final ContainerNames names;

    LogsIT(Cli berth, ContainerNames names) {
        this.berth = berth;
        this.names = names;
    }

    @Test
    void returnsStdoutAndStderrOnTheirOwnStreams() {
        String name = names.next("logs");
        berth.run("run", "--name", name, "busybox", "sh", "-c", "echo one; echo two >&2; echo three").requireSuccess();

        CliResult logs = berth.run("logs", name);

        assertThat(logs.exitCode()).as(logs::toString).isZero();
        assertThat(logs.out()).as(logs::toString).isEqualTo("one\nthree\n");
        assertThat(logs.err()).isEqualTo("two\n");
    }

    @Test
    void tailShowsOnlyTheLastLines() {
        String name = names.next("tail");
        berth.run("run", "--name", name, "busybox", "sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done")
                .requireSuccess();

        CliResult logs = berth.run("logs", "--tail", "2", name);

        assertThat(logs.exitCode()).as(logs::toString).isZero();
        assertThat(logs.out()).as(logs::toString).isEqualTo("line4\nline5\n");
    }

    @Test
    void timestampsStartEveryLine() {
        String name = names.next("stamps");
        Instant before = Instant.now();
        berth.run("run", "--name", name, "busybox", "sh", "-c", "echo a; echo b").requireSuccess();
        Instant after = Instant.now();

        CliResult logs = berth.run("logs", "-t", name);

        assertThat(logs.exitCode()).as(logs::toString).isZero();
        List<String> lines = logs.outLines();
        assertThat(lines).hasSize(2);
        for (int i = 0; i < lines.size(); i++) {
            Matcher stamped = STAMPED.matcher(lines.get(i));
            assertThat(stamped.matches()).as("an RFC 3339 nanosecond timestamp starts: %s", lines.get(i)).isTrue();
            assertThat(stamped.group(2)).isEqualTo(i == 0 ? "a" : "b");
            assertThat(OffsetDateTime.parse(stamped.group(1)).toInstant()).isBetween(before, after);
        }
    }

    @Test
    void sinceLeavesOutWhatWasWrittenBefore() {
        String name = names.next("since");
        berth.run("run", "--name", name, "busybox", "sh", "-c", "echo early; sleep 1; echo late").requireSuccess();
        List<String> stamped = berth.run("logs", "-t", name).requireSuccess().outLines();
        assertThat(stamped).hasSize(2);
        Instant early = timeOf(stamped.get(0));
        Instant late = timeOf(stamped.get(1));
        Instant between = early.plus(Duration.between(early, late).dividedBy(2));

        CliResult since = berth.run("logs", "--since", between.toString(), name);

        assertThat(since.exitCode()).as(since::toString).isZero();
        assertThat(since.out()).as(since::toString).isEqualTo("late\n");
    }

    @Test
    void followShowsLinesAsTheyComeAndEndsWhenTheContainerExits() {
        String name = names.next("follow");
        // The second line comes when the test asks for it, not after a guessed delay.
        berth.runDetached("--name", name, "busybox", "sh", "-c",
                "trap 'echo second; exit 0' USR1; echo first; while true; do sleep 0.1; done");

        try (RunningCli follow = berth.start("logs", "-f", name)) {
            follow.awaitStdout("first\n", FOLLOW_TIMEOUT);
            pause(Duration.ofSeconds(1));
            assertThat(follow.isRunning()).as("logs -f still follows a running container").isTrue();
            assertThat(follow.stdout()).isEqualTo("first\n");

            berth.run("kill", "-s", "USR1", name).requireSuccess();
            CliResult followed = follow.finish(FOLLOW_TIMEOUT);

            assertThat(followed.exitCode()).as(followed::toString).isZero();
            assertThat(followed.out()).as(followed::toString).isEqualTo("first\nsecond\n");
        }
        assertThat(berth.inspect(name).path("state").path("status").asString()).isEqualTo("exited");
    }

    private static Instant timeOf(String stampedLine) {
        Matcher stamped = STAMPED.matcher(stampedLine);
        assertThat(stamped.matches()).as("an RFC 3339 nanosecond timestamp starts: %s", stampedLine).isTrue();
        return OffsetDateTime.parse(stamped.group(1)).toInstant();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
