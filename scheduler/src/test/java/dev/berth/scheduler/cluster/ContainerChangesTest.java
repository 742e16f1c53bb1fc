package dev.berth.scheduler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerChangesTest {

    private static List<String> types(String before, int restartsBefore, String state, String health, int restarts,
                                      Integer exitCode, String message, Boolean oom) {
        return ContainerChanges.between(new ContainerChanges.Seen(before, restartsBefore),
                new Heartbeat.ContainerReport(7L, state, health, restarts, exitCode, message, oom, null), "node-a")
                .stream().map(Events.ContainerEvent::type).toList();
    }

    @Test
    void aStartAndItsFirstVerdictAreTwoEvents() {
        assertThat(types("assigned", 0, "running", "healthy", 0, null, null, null))
                .containsExactly("start", "health_status");
        assertThat(types("starting", 0, "running", null, 0, null, null, null)).containsExactly("start");
    }

    @Test
    void anUnchangedReportIsNoEvent() {
        assertThat(types("healthy", 1, "running", "healthy", 1, null, null, null)).isEmpty();
        assertThat(types("exited", 0, "exited", null, 0, 1, null, null)).isEmpty();
    }

    @Test
    void aRestartBetweenHeartbeatsIsADieAndAStart() {
        assertThat(types("running", 0, "running", null, 1, null, null, null)).containsExactly("die", "start");
    }

    @Test
    void anExitCarriesItsCodeAndWhetherTheKernelKilledItForMemory() {
        Events.ContainerEvent die = ContainerChanges.between(new ContainerChanges.Seen("running", 0),
                new Heartbeat.ContainerReport(7L, "exited", null, 0, 137, null, true, null), "node-a").getFirst();
        assertThat(die.type()).isEqualTo("die");
        assertThat(die.exitCode()).isEqualTo(137);
        assertThat(die.oom()).isTrue();
        assertThat(die.message()).isEqualTo("exited with code 137");
        // Without the flag, a message naming an OOM kill counts; a plain exit is no OOM.
        assertThat(ContainerChanges.between(new ContainerChanges.Seen("running", 0), new Heartbeat.ContainerReport(7L,
                "failed", null, 5, 137, "OOMKilled", null, null), "node-a").getFirst().oom()).isTrue();
        assertThat(ContainerChanges.between(new ContainerChanges.Seen("running", 0), new Heartbeat.ContainerReport(7L,
                "exited", null, 0, 0, null, null, null), "node-a").getFirst().oom()).isFalse();
    }

    @Test
    void healthChangesAndStopsAreEvents() {
        assertThat(types("healthy", 0, "running", "unhealthy", 0, null, "check failed", null))
                .containsExactly("health_status");
        assertThat(types("running", 0, "stopped", null, 0, 0, null, null)).containsExactly("stop");
    }
}
