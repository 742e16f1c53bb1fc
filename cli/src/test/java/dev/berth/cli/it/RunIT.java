package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code berth run} in the foreground: the container's output on the CLI's streams, its exit code as the CLI's. */
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
}
