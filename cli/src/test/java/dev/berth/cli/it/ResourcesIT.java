package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** Resource limits as the kernel applies them: {@code stats} reads them back, and the limits hold. */
@ExtendWith(RealAgent.class)
class ResourcesIT {

    private final Cli berth;
    private final ContainerNames names;

    ResourcesIT(Cli berth, ContainerNames names) {
        this.berth = berth;
        this.names = names;
    }

    @Test
    void statsShowsTheMemoryLimitAndThePids() {
        String name = names.next("stats");
        String id = berth.runDetached("--name", name, "-m", "64m", "busybox", "sleep", "1000");

        CliResult stats = berth.run("stats", "--no-stream", name);

        assertThat(stats.exitCode()).as(stats::toString).isZero();
        Map<String, String> row = PrintedTable.parse(stats.out()).row("NAME", name);
        assertThat(row.get("CONTAINER ID")).isEqualTo(id.substring(0, 12));
        assertThat(row.get("MEM USAGE / LIMIT")).endsWith("/ 64MiB");
        assertThat(row.get("CPU %")).matches("\\d+\\.\\d\\d%");
        // The only task in the container's cgroup is its sleep.
        assertThat(row.get("PIDS")).isEqualTo("1");
    }

    @Test
    void aContainerOverItsMemoryLimitIsOomKilled() {
        String name = names.next("oom");

        // tail keeps the whole of its input when it has no newline: 64 MiB in a 16 MiB container.
        CliResult run = berth.run("run", "--name", name, "-m", "16m", "busybox", "sh", "-c",
                "head -c 64m /dev/zero | tail");

        assertThat(run.exitCode()).as(run::toString).isEqualTo(137);
        JsonNode state = berth.inspect(name).path("state");
        assertThat(state.path("oomKilled").asBoolean()).as("oomKilled in %s", state).isTrue();
        assertThat(state.path("exitCode").asInt()).isEqualTo(137);
    }

    @Test
    void aContainerCannotForkBeyondItsPidsLimit() {
        // The shell and two sleeps fill a limit of 3; the third fork fails and the shell gives up.
        CliResult run = berth.run("run", "--rm", "--pids-limit", "3", "busybox", "sh", "-c",
                "for i in 1 2 3 4 5; do sleep 1 & done; wait; echo all started");

        assertThat(run.exitCode()).as(run::toString).isNotZero();
        assertThat(run.err()).as(run::toString).contains("can't fork");
        assertThat(run.out()).doesNotContain("all started");
    }
}
