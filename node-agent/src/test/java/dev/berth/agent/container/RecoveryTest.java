package dev.berth.agent.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.linux.WaitStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecoveryTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final ContainerState RUNNING = ContainerState.created().started(300, 1000, NOW, List.of());
    private static final ContainerState EXITED = RUNNING.exited(0, false, null, NOW);

    @Test
    void aContainerStillRunningIsAdopted() {
        assertThat(Recovery.decide(RUNNING, false, true, Optional.empty(), true)).isInstanceOf(Recovery.Adopt.class);
    }

    @Test
    void aContainerThatExitedMeanwhileTakesTheRecordedStatus() {
        Optional<WaitStatus> killed = Optional.of(new WaitStatus(300, -1, 9));

        assertThat(Recovery.decide(RUNNING, false, false, killed, true))
                .isEqualTo(new Recovery.ExitedMeanwhile(killed));
        assertThat(Recovery.decide(RUNNING, true, false, Optional.empty(), false))
                .as("no supervisor: the status is unknown").isEqualTo(new Recovery.ExitedMeanwhile(Optional.empty()));
    }

    @Test
    void aStartInterruptedByTheAgentsDeathIsUndone() {
        assertThat(Recovery.decide(ContainerState.created(), false, false, Optional.empty(), true))
                .isInstanceOf(Recovery.UndoInterruptedStart.class);
        assertThat(Recovery.decide(EXITED, false, false, Optional.empty(), true))
                .as("a restart of an exited container").isInstanceOf(Recovery.UndoInterruptedStart.class);
    }

    @Test
    void anExitedAutoRemoveContainerLeftBehindIsRemoved() {
        assertThat(Recovery.decide(EXITED, true, false, Optional.empty(), false)).isInstanceOf(Recovery.Remove.class);
        assertThat(Recovery.decide(ContainerState.created(), true, false, Optional.empty(), false))
                .as("created, not yet started").isInstanceOf(Recovery.Keep.class);
        assertThat(Recovery.decide(EXITED, false, false, Optional.empty(), false)).isInstanceOf(Recovery.Keep.class);
    }
}
