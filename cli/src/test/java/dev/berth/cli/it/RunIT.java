package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code berth run} in the foreground: the container's output on the CLI's streams, its exit code as the CLI's, and
 * the CLI's signals passed on to the container.
 */
@ExtendWith(RealAgent.class)
class RunIT {

    private final Cli berth;

    RunIT(Cli berth) {
        this.berth = berth;
    }

    @Test
    void printsTheOutputOfTheContainer() {
        CliResult run = berth.run("run", "--rm", "busybox", "echo", "hello");

        assertThat(run.exitCode()).as(run::toString).isZero();
        assertThat(run.out()).as(run::toString).isEqualTo("hello\n");
        assertThat(run.err()).as(run::toString).isEmpty();
    }

    @Test
    void keepsStdoutAndStderrApartAndExitsWithTheContainersCode() {
        CliResult run = berth.run("run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3");

        assertThat(run.exitCode()).as(run::toString).isEqualTo(3);
        assertThat(run.out()).as(run::toString).isEqualTo("out\n");
        assertThat(run.err()).as(run::toString).isEqualTo("err\n");
    }

    @Test
    void deliversAFloodOfOutputCompleteAndInOrder() {
        CliResult run = berth.run("run", "--rm", "busybox", "seq", "1", "20000");

        assertThat(run.exitCode()).as(run::toString).isZero();
        // Compared whole rather than by size: a lost, doubled or reordered chunk shows as the first differing line.
        assertThat(run.out()).isEqualTo(IntStream.rangeClosed(1, 20000).mapToObj(Integer::toString)
                .collect(Collectors.joining("\n", "", "\n")));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void appliesTheEnvironmentWorkingDirectoryUserAndHostname() {
        CliResult run = berth.run("run", "--rm", "-e", "GREETING=ahoy", "-w", "/srv/app", "-u", "1000:1000",
                "-h", "quay", "busybox", "sh", "-c", "echo $GREETING; pwd; id -u; id -g; hostname");

        assertThat(run.exitCode()).as(run::toString).isZero();
        assertThat(run.out()).as(run::toString).isEqualTo("ahoy\n/srv/app\n1000\n1000\nquay\n");
    }

    @Test
    void passesSigtermOnToTheContainerAndExitsWithItsCode() {
        try (RunningCli run = berth.start("run", "--rm", "busybox", "sh", "-c",
                "trap 'echo got TERM; exit 9' TERM; echo ready; while true; do sleep 0.1; done")) {
            // The CLI traps signals before it starts the container, so once the container speaks it forwards them.
            run.awaitStdout("ready\n", Duration.ofSeconds(10));

            run.terminate();
            CliResult ended = run.finish(Duration.ofSeconds(10));

            assertThat(ended.exitCode()).as(ended::toString).isEqualTo(9);
            assertThat(ended.out()).as(ended::toString).isEqualTo("ready\ngot TERM\n");
        }
    }
}
