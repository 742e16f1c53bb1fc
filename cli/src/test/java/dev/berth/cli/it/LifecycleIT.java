package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** {@code stop}, {@code kill}, {@code wait} and {@code restart} as the container sees them: signals and exit codes. */
@ExtendWith(RealAgent.class)
class LifecycleIT {

    /** A shell that leaves on SIGTERM, and says so once its trap is set: stopping it earlier would race the trap. */
    private static final String LEAVES_ON_TERM = "trap 'exit 0' TERM; echo ready; while true; do sleep 0.1; done";

    private final Cli berth;
    private final ContainerNames names;

    LifecycleIT(Cli berth, ContainerNames names) {
        this.berth = berth;
        this.names = names;
    }

    @Test
    void stopKillsAContainerThatIgnoresSigtermAfterTheGraceTime() {
        // PID 1 of a PID namespace gets no signal it has no handler for: sleep ignores SIGTERM.
        String name = names.next("stop");
        berth.runDetached("--name", name, "busybox", "sleep", "1000");

        CliResult stop = berth.run("stop", "-t", "1", name);

        assertThat(stop.exitCode()).as(stop::toString).isZero();
        assertThat(stop.out()).as(stop::toString).isEqualTo(name + "\n");
        assertThat(stop.elapsed()).as(stop::toString).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(PrintedTable.parse(berth.run("ps", "-a").out()).row("NAMES", name).get("STATUS"))
                .startsWith("Exited (137)");
    }

    @Test
    void stopEndsAContainerThatHandlesSigtermAtOnce() {
        String name = names.next("term");
        berth.runDetached("--name", name, "busybox", "sh", "-c", LEAVES_ON_TERM);
        berth.awaitLogs(name, "ready");

        CliResult stop = berth.run("stop", name);

        assertThat(stop.exitCode()).as(stop::toString).isZero();
        // Far below the 10 s default grace time: the container left on SIGTERM, nobody had to kill it.
        assertThat(stop.elapsed()).as(stop::toString).isLessThan(Duration.ofSeconds(5));
        assertThat(berth.run("wait", name).out()).isEqualTo("0\n");
    }

    @Test
    void killSendsTheNamedSignalAndWaitPrintsTheExitCode() {
        String name = names.next("kill");
        berth.runDetached("--name", name, "busybox", "sh", "-c",
                "trap 'exit 42' USR1; echo ready; while true; do sleep 0.1; done");
        berth.awaitLogs(name, "ready");

        CliResult kill = berth.run("kill", "-s", "USR1", name);
        CliResult wait = berth.run("wait", name);

        assertThat(kill.exitCode()).as(kill::toString).isZero();
        assertThat(kill.out()).as(kill::toString).isEqualTo(name + "\n");
        assertThat(wait.exitCode()).as(wait::toString).isZero();
        assertThat(wait.out()).as(wait::toString).isEqualTo("42\n");
    }

    @Test
    void waitBlocksUntilTheContainerExits() {
        String name = names.next("wait");
        berth.runDetached("--name", name, "busybox", "sh", "-c", "sleep 1; exit 5");

        CliResult wait = berth.run("wait", name);

        assertThat(wait.exitCode()).as(wait::toString).isZero();
        assertThat(wait.out()).as(wait::toString).isEqualTo("5\n");
        assertThat(berth.inspect(name).path("state").path("status").asString()).isEqualTo("exited");
    }

    @Test
    void restartStartsAgainOnTheSameWritableLayer() {
        String name = names.next("restart");
        // Each start adds a line to a file in the container's own layer and prints how many there are.
        berth.runDetached("--name", name, "busybox", "sh", "-c",
                "trap 'exit 0' TERM; echo start >> /starts; echo \"starts: $(wc -l < /starts)\"; "
                        + "while true; do sleep 0.1; done");
        berth.awaitLogs(name, "starts: 1");
        JsonNode before = berth.inspect(name).path("state");

        CliResult restart = berth.run("restart", name);

        assertThat(restart.exitCode()).as(restart::toString).isZero();
        assertThat(restart.out()).as(restart::toString).isEqualTo(name + "\n");
        berth.awaitLogs(name, "starts: 2");
        JsonNode after = berth.inspect(name).path("state");
        assertThat(after.path("running").asBoolean()).isTrue();
        assertThat(Instant.parse(after.path("startedAt").asString()))
                .isAfter(Instant.parse(before.path("startedAt").asString()));
        assertThat(after.path("pid").asLong()).isNotEqualTo(before.path("pid").asLong());
    }
}
