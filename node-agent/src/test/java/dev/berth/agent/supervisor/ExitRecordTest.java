package dev.berth.agent.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.linux.WaitStatus;
import org.junit.jupiter.api.Test;

class ExitRecordTest {

    @Test
    void anExitCodeSurvivesTheRoundTrip() {
        ExitRecord record = new ExitRecord(4711, 123456, new WaitStatus(4711, 7, 0));

        assertThat(record.fileName()).isEqualTo("4711-123456");
        assertThat(record.encode()).isEqualTo("4711 123456 1792\n");
        ExitRecord decoded = ExitRecord.decode(record.encode());
        assertThat(decoded).isEqualTo(record);
        assertThat(decoded.status().shellExitCode()).isEqualTo(7);
        assertThat(decoded.status().signalled()).isFalse();
    }

    @Test
    void aSignalSurvivesTheRoundTripAsTheShellReportsIt() {
        ExitRecord decoded = ExitRecord.decode(new ExitRecord(9, 5, new WaitStatus(9, -1, 9)).encode());

        assertThat(decoded.status().signalled()).isTrue();
        assertThat(decoded.status().signal()).isEqualTo(9);
        assertThat(decoded.status().shellExitCode()).isEqualTo(137);
    }

    @Test
    void theStatusTakesThePidOfTheRecord() {
        assertThat(new ExitRecord(12, 34, new WaitStatus(0, 1, 0)).status().pid()).isEqualTo(12);
    }

    @Test
    void anythingButOneWholeLineIsRefused() {
        assertThatThrownBy(() -> ExitRecord.decode("4711 123456")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExitRecord.decode("4711 123456 1792")).as("no newline: written halfway")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExitRecord.decode("4711 x 1792\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExitRecord.decode("0 1 0\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void waitStatusesEncodeAsWaitDoes() {
        assertThat(WaitStatus.decode(1, new WaitStatus(1, 255, 0).raw()).exitCode()).isEqualTo(255);
        assertThat(WaitStatus.decode(1, new WaitStatus(1, -1, 15).raw()).signal()).isEqualTo(15);
        assertThat(new WaitStatus(1, 0, 0).raw()).isZero();
    }
}
