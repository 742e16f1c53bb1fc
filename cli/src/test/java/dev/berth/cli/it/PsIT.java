package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code berth run -d} and {@code berth ps}: what is running, what has exited and with which code. */
@ExtendWith(RealAgent.class)
class PsIT {

    private static final String FULL_ID = "[0-9a-f]{64}\n";
    private static final String SHORT_ID = "[0-9a-f]{12}";

    private final Cli berth;
    private final ContainerNames names;

    PsIT(Cli berth, ContainerNames names) {
        this.berth = berth;
        this.names = names;
    }

    @Test
    void detachedRunPrintsTheIdAndPsListsTheContainerAsUp() {
        String name = names.next("ps");

        CliResult run = berth.run("run", "-d", "--name", name, "busybox", "sleep", "1000");
        CliResult ps = berth.run("ps");

        assertThat(run.exitCode()).as(run::toString).isZero();
        assertThat(run.out()).as(run::toString).matches(FULL_ID);
        String id = run.out().strip();
        Map<String, String> row = PrintedTable.parse(ps.out()).row("NAMES", name);
        assertThat(row.get("CONTAINER ID")).isEqualTo(id.substring(0, 12));
        assertThat(row.get("IMAGE")).isEqualTo("busybox");
        assertThat(row.get("COMMAND")).isEqualTo("\"sleep 1000\"");
        assertThat(row.get("STATUS")).startsWith("Up ");
    }

    @Test
    void psAllAlsoListsExitedContainersWithTheirExitCode() {
        String name = names.next("exited");
        assertThat(berth.run("run", "--name", name, "busybox", "sh", "-c", "exit 4").exitCode()).isEqualTo(4);

        CliResult ps = berth.run("ps");
        CliResult all = berth.run("ps", "-a");

        assertThat(PrintedTable.parse(ps.out()).column("NAMES")).doesNotContain(name);
        assertThat(PrintedTable.parse(all.out()).row("NAMES", name).get("STATUS")).matches("Exited \\(4\\) .+ ago");
    }

    @Test
    void quietListsShortIds() {
        String running = berth.runDetached("--name", names.next("quiet"), "busybox", "sleep", "1000");
        String exited = berth.runDetached("--name", names.next("quiet-exited"), "busybox", "true");
        berth.run("wait", exited).requireSuccess();

        CliResult quiet = berth.run("ps", "-q");
        CliResult quietAll = berth.run("ps", "-a", "-q");

        assertThat(quiet.outLines()).allMatch(line -> line.matches(SHORT_ID))
                .contains(running.substring(0, 12))
                .doesNotContain(exited.substring(0, 12));
        assertThat(quietAll.outLines()).allMatch(line -> line.matches(SHORT_ID))
                .contains(running.substring(0, 12), exited.substring(0, 12));
    }
}
