package dev.berth.agent.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerStateTest {
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void createdThenRunningThenExited() {
        ContainerState running = ContainerState.created().started(42, 777, T0, List.of());
        assertThat(running.running()).isTrue();
        assertThat(running.pid()).isEqualTo(42);

        ContainerState exited = running.exited(137, true, null, T0.plusSeconds(5));
        assertThat(exited.status()).isEqualTo(ContainerStatus.EXITED);
        assertThat(exited.exitCode()).isEqualTo(137);
        assertThat(exited.oomKilled()).isTrue();
        assertThat(exited.pid()).isZero();
        assertThat(exited.startedAt()).isEqualTo(T0);
        assertThat(exited.finishedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aRunningContainerCannotStartAgain() {
        ContainerState running = ContainerState.created().started(42, 777, T0, List.of());
        assertThatThrownBy(() -> running.started(43, 1, T0, List.of())).isInstanceOf(ContainerConflictException.class)
                .hasMessageContaining("cannot start a container that is running");
    }

    @Test
    void aFailedStartRecordsTheExitCodeAndError() {
        ContainerState failed = ContainerState.created().failedToStart(127, "exec: \"x\": not found", T0);
        assertThat(failed.status()).isEqualTo(ContainerStatus.EXITED);
        assertThat(failed.exitCode()).isEqualTo(127);
        assertThat(failed.error()).contains("not found");
    }
}
