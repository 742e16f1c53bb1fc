package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** {@code berth inspect} of containers, running and exited, and of images. */
@ExtendWith(RealAgent.class)
class InspectIT {

    private static final long MIB = 1024 * 1024;

    private final Cli berth;
    private final ContainerNames names;

    InspectIT(Cli berth, ContainerNames names) {
        this.berth = berth;
        this.names = names;
    }

    @Test
    void describesARunningContainerAndThenItsExit() throws IOException {
        String name = names.next("inspect");
        String id = berth.runDetached("--name", name, "-m", "64m", "--cpus", "0.5", "--pids-limit", "50",
                "busybox", "sleep", "1000");

        JsonNode running = berth.inspect(name);

        assertThat(running.path("id").asString()).isEqualTo(id);
        assertThat(running.path("name").asString()).isEqualTo(name);
        assertThat(running.path("image").asString()).startsWith("busybox");
        assertThat(running.path("imageId").asString()).startsWith("sha256:");
        JsonNode state = running.path("state");
        assertThat(state.path("status").asString()).isEqualTo("running");
        assertThat(state.path("running").asBoolean()).isTrue();
        long pid = state.path("pid").asLong();
        assertThat(pid).isPositive();
        // The pid is the host's: it names the container's sleep in the host's /proc.
        assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ')).contains("sleep 1000");
        assertThat(state.path("exitCode").isNull()).as("exitCode while running: %s", state).isTrue();
        assertThat(state.path("oomKilled").asBoolean()).isFalse();
        assertThat(state.path("finishedAt").isNull()).as("finishedAt while running: %s", state).isTrue();
        Instant started = Instant.parse(state.path("startedAt").asString());
        JsonNode resources = running.path("resources");
        assertThat(resources.path("memory").asLong()).isEqualTo(64 * MIB);
        assertThat(resources.path("cpus").asDouble()).isEqualTo(0.5);
        assertThat(resources.path("pidsLimit").asLong()).isEqualTo(50);

        berth.run("kill", name).requireSuccess();
        berth.run("wait", name).requireSuccess();
        JsonNode exited = berth.inspect(name).path("state");

        assertThat(exited.path("status").asString()).isEqualTo("exited");
        assertThat(exited.path("running").asBoolean()).isFalse();
        assertThat(exited.path("pid").asLong()).isZero();
        assertThat(exited.path("exitCode").asInt()).isEqualTo(137);
        assertThat(exited.path("oomKilled").asBoolean()).isFalse();
        assertThat(Instant.parse(exited.path("finishedAt").asString())).isAfterOrEqualTo(started);
    }

    @Test
    void describesAnImage(BaseImage busybox) {
        JsonNode image = berth.inspect(busybox.reference());

        assertThat(image.path("id").asString()).matches("sha256:[0-9a-f]{64}");
        assertThat(image.path("tags").valueStream().map(JsonNode::asString)).contains(busybox.reference());
        assertThat(image.path("layers").size()).isPositive();
        assertThat(image.path("config").path("cmd").valueStream().map(JsonNode::asString)).containsExactly("sh");
    }

    @Test
    void inspectOfSomethingUnknownFails() {
        CliResult inspect = berth.run("inspect", "it-nothing-of-that-name");

        assertThat(inspect.exitCode()).as(inspect::toString).isEqualTo(1);
        assertThat(inspect.err()).contains("No such object: it-nothing-of-that-name");
    }
}
