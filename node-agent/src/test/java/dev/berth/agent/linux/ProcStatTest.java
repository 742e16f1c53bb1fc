package dev.berth.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {

    @TempDir
    Path proc;

    @Test
    void theStartTimeIsCountedAfterTheLastParenthesis() {
        assertThat(ProcStat.parseStartTime(
                "42 (a) b) c) S 1 42 42 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 98765 1000 100 1\n"))
                .isEqualTo(98765);
    }

    @Test
    void aReusedPidIsNotTheProcessThatStartedBefore() throws IOException {
        Files.createDirectories(proc.resolve("7"));
        Files.writeString(proc.resolve("7/stat"), "7 (sleep) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 555 0 0\n");

        assertThat(ProcStat.alive(proc, 7, 555)).isTrue();
        assertThat(ProcStat.alive(proc, 7, 444)).as("the pid now names a later process").isFalse();
        assertThat(ProcStat.alive(proc, 8, 555)).as("gone").isFalse();
        assertThat(ProcStat.startTime(proc, 8)).isZero();
    }
}
