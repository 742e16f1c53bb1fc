package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code berth rm} and {@code run --rm}: a running container is only removed by force, and a removed one leaves
 * nothing on the host: no directory, no cgroup, no mount.
 */
@ExtendWith(RealAgent.class)
class RemovalIT {

    private final Cli berth;
    private final ContainerNames names;
    private final HostTraces traces;

    RemovalIT(Cli berth, ContainerNames names, NodeAgent agent) {
        this.berth = berth;
        this.names = names;
        this.traces = new HostTraces(agent);
    }

    @Test
    void rmRefusesARunningContainerAndRmForceRemovesIt() {
        String name = names.next("rm");
        String id = berth.runDetached("--name", name, "busybox", "sleep", "1000");
        // While it runs, the traces are there: the check below looks in the right places.
        assertThat(traces.of(id)).anyMatch(trace -> trace.startsWith("directory "))
                .anyMatch(trace -> trace.startsWith("cgroup "));

        CliResult rm = berth.run("rm", name);

        assertThat(rm.exitCode()).as(rm::toString).isEqualTo(1);
        assertThat(rm.err()).as(rm::toString).contains("cannot remove a running container");
        assertThat(PrintedTable.parse(berth.run("ps").out()).column("NAMES")).contains(name);

        CliResult forced = berth.run("rm", "-f", name);

        assertThat(forced.exitCode()).as(forced::toString).isZero();
        assertThat(forced.out()).as(forced::toString).isEqualTo(name + "\n");
        assertThat(PrintedTable.parse(berth.run("ps", "-a").out()).column("NAMES")).doesNotContain(name);
        assertThat(traces.of(id)).isEmpty();
    }

    @Test
    void rmOfAnExitedContainerLeavesNoTrace() {
        String name = names.next("rm-exited");
        berth.run("run", "--name", name, "busybox", "sh", "-c", "echo data > /file").requireSuccess();
        String id = berth.inspect(name).path("id").asString();
        assertThat(traces.of(id)).anyMatch(trace -> trace.startsWith("directory "));

        CliResult rm = berth.run("rm", name);

        assertThat(rm.exitCode()).as(rm::toString).isZero();
        assertThat(traces.of(id)).isEmpty();
        assertThat(berth.run("inspect", name).exitCode()).isEqualTo(1);
    }

    @Test
    void runRmLeavesNoTraceOnceItReturns() {
        String name = names.next("run-rm");
        try (RunningCli run = berth.start("run", "--rm", "--name", name, "busybox", "sh", "-c",
                "trap 'exit 0' USR1; echo ready; while true; do sleep 0.1; done")) {
            run.awaitStdout("ready\n", Duration.ofSeconds(10));
            String id = berth.inspect(name).path("id").asString();
            assertThat(traces.of(id)).anyMatch(trace -> trace.startsWith("directory "))
                    .anyMatch(trace -> trace.startsWith("cgroup "));

            berth.run("kill", "-s", "USR1", name).requireSuccess();
            CliResult ended = run.finish(Duration.ofSeconds(10));

            assertThat(ended.exitCode()).as(ended::toString).isZero();
            assertThat(ended.out()).as(ended::toString).isEqualTo("ready\n");
            assertThat(traces.of(id)).isEmpty();
            assertThat(PrintedTable.parse(berth.run("ps", "-a").out()).column("NAMES")).doesNotContain(name);
        }
    }

    @Test
    void rmOfAContainerThatFailedToStartLeavesNoTrace() {
        String name = names.next("rm-failed");
        assertThat(berth.run("run", "--name", name, "busybox", "no-such-command").exitCode()).isEqualTo(127);
        String id = berth.inspect(name).path("id").asString();
        assertThat(traces.of(id)).anyMatch(trace -> trace.startsWith("directory "));

        CliResult rm = berth.run("rm", name);

        assertThat(rm.exitCode()).as(rm::toString).isZero();
        assertThat(traces.of(id)).isEmpty();
    }
}
