package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The agent keeps its containers on disk: after it is stopped, or killed, and started again on the same state
 * directory, {@code ps} and {@code inspect} still know them, the exited one with its exit code, and it runs new ones.
 *
 * <p>A container that ran on while the agent was down is listed again, but its exit status can no longer be learnt,
 * so nothing more is asserted of it.
 */
@ExtendWith(RealAgent.class)
class AgentRestartIT {

    private final Cli berth;
    private final ContainerNames names;
    private final NodeAgent agent;

    AgentRestartIT(Cli berth, ContainerNames names, NodeAgent agent) {
        this.berth = berth;
        this.names = names;
        this.agent = agent;
    }

    @Test
    void containersSurviveAGracefulRestart() {
        assertContainersSurvive(NodeAgent.Shutdown.GRACEFUL);
    }

    @Test
    void containersSurviveAKilledAgent() {
        assertContainersSurvive(NodeAgent.Shutdown.KILL);
    }

    private void assertContainersSurvive(NodeAgent.Shutdown shutdown) {
        String kept = names.next("keep");
        String exited = names.next("exited");
        String keptId = berth.runDetached("--name", kept, "busybox", "sleep", "1000");
        assertThat(berth.run("run", "--name", exited, "busybox", "sh", "-c", "exit 7").exitCode()).isEqualTo(7);

        agent.restart(shutdown);

        PrintedTable all = PrintedTable.parse(berth.run("ps", "-a").requireSuccess().out());
        Map<String, String> keptRow = all.row("NAMES", kept);
        assertThat(keptRow.get("CONTAINER ID")).isEqualTo(keptId.substring(0, 12));
        assertThat(keptRow.get("COMMAND")).isEqualTo("\"sleep 1000\"");
        assertThat(all.row("NAMES", exited).get("STATUS")).startsWith("Exited (7)");

        JsonNode keptInspect = berth.inspect(kept);
        assertThat(keptInspect.path("id").asString()).isEqualTo(keptId);
        assertThat(keptInspect.path("config").path("cmd").valueStream().map(JsonNode::asString))
                .containsExactly("sleep", "1000");
        JsonNode exitedState = berth.inspect(exited).path("state");
        assertThat(exitedState.path("status").asString()).isEqualTo("exited");
        assertThat(exitedState.path("exitCode").asInt()).isEqualTo(7);

        CliResult fresh = berth.run("run", "--rm", "busybox", "echo", "after the restart");
        assertThat(fresh.exitCode()).as(fresh::toString).isZero();
        assertThat(fresh.out()).as(fresh::toString).isEqualTo("after the restart\n");
    }
}
