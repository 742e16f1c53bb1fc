package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The class-data training run must really go through the verbs, or the archive misses their classes. */
class StartupTrainingTest {

    @Test
    void everyTrainedCommandSucceedsAgainstTheCannedAgent() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        Map<List<String>, Integer> exitCodes = StartupTraining.train(new Console(InputStream.nullInputStream(), out, err));

        assertThat(exitCodes).hasSizeGreaterThan(10);
        exitCodes.forEach((line, exitCode) -> {
            int expected = line.contains("ps") && line.size() == 3 ? 1 : 0;
            assertThat(exitCode).as("%s\n%s", line, err).isEqualTo(expected);
        });
        assertThat(out.toString()).contains("CONTAINER ID").contains("Untagged: busybox:latest").contains("hello\n");
    }
}
