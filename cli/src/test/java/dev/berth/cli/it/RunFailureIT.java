package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * {@code berth run} that cannot run the container exits as {@code docker run} does: 127 for a missing command, 126
 * for one that cannot be executed, 125 for everything refused before the container starts, with a message that says
 * what to fix. A request refused before creation leaves no container behind.
 */
@ExtendWith(RealAgent.class)
class RunFailureIT {

    private final Cli berth;
    private final ContainerNames names;

    RunFailureIT(Cli berth, ContainerNames names) {
        this.berth = berth;
        this.names = names;
    }

    @Test
    void missingCommandExits127() {
        CliResult run = berth.run("run", "--rm", "busybox", "no-such-command");

        assertThat(run.exitCode()).as(run::toString).isEqualTo(127);
        assertThat(run.err()).as(run::toString).contains("no-such-command").contains("executable file not found");
        assertThat(run.out()).as(run::toString).isEmpty();
    }

    @Test
    void commandThatIsNotExecutableExits126() {
        CliResult run = berth.run("run", "--rm", "busybox", "/etc/passwd");

        assertThat(run.exitCode()).as(run::toString).isEqualTo(126);
        assertThat(run.err()).as(run::toString).contains("/etc/passwd");
    }

    @Test
    void unknownImageExits125() {
        CliResult run = refusedBeforeCreation("run", "--rm", "it-no-such-image", "true");

        assertThat(run.exitCode()).as(run::toString).isEqualTo(125);
        assertThat(run.err()).as(run::toString).contains("no such image").contains("it-no-such-image");
    }

    @Test
    void memoryThatIsNotASizeExits125() {
        CliResult run = refusedBeforeCreation("run", "--rm", "-m", "64potatoes", "busybox", "true");

        assertThat(run.exitCode()).as(run::toString).isEqualTo(125);
        assertThat(run.err()).as(run::toString).contains("memory").contains("64potatoes");
    }

    @Test
    void memoryBelowTheMinimumExits125() {
        CliResult run = refusedBeforeCreation("run", "--rm", "-m", "1m", "busybox", "true");

        assertThat(run.exitCode()).as(run::toString).isEqualTo(125);
        assertThat(run.err()).as(run::toString).contains("memory").contains("minimum");
    }

    @Test
    void moreCpusThanTheHostHasExits125() {
        CliResult run = refusedBeforeCreation("run", "--rm", "--cpus", "99", "busybox", "true");

        assertThat(run.exitCode()).as(run::toString).isEqualTo(125);
        assertThat(run.err()).as(run::toString).contains("cpus").containsPattern("range of CPUs is from 0\\.01 to");
    }

    @Test
    void nameInUseExits125AndLeavesTheFirstContainerAlone() {
        String name = names.next("dup");
        String first = berth.runDetached("--name", name, "busybox", "sleep", "1000");

        CliResult second = berth.run("run", "-d", "--name", name, "busybox", "sleep", "1000");

        assertThat(second.exitCode()).as(second::toString).isEqualTo(125);
        assertThat(second.err()).as(second::toString).contains(name).contains("already in use");
        assertThat(second.out()).as(second::toString).isEmpty();
        JsonNode kept = berth.inspect(name);
        assertThat(kept.path("id").asString()).isEqualTo(first);
        assertThat(kept.path("state").path("running").asBoolean()).isTrue();
    }

    /** Runs a command that must fail before the agent creates anything: the container list is the same after it. */
    private CliResult refusedBeforeCreation(String... args) {
        String before = berth.run("ps", "-a", "-q").requireSuccess().out();
        CliResult run = berth.run(args);
        assertThat(berth.run("ps", "-a", "-q").out()).as("containers after %s", run).isEqualTo(before);
        return run;
    }
}
