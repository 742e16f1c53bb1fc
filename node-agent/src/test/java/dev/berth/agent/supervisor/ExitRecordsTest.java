package dev.berth.agent.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.linux.WaitStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitRecordsTest {

    @TempDir
    Path dir;

    private Path proc() throws IOException {
        return Files.createDirectories(dir.resolve("proc"));
    }

    /** A fake /proc/PID/stat whose command has spaces and a parenthesis, as a process may name itself. */
    private void process(Path proc, int pid, long startTime) throws IOException {
        Files.createDirectories(proc.resolve(Integer.toString(pid)));
        StringBuilder stat = new StringBuilder(pid + " (sh -c (x)) Z 1");
        for (int field = 5; field <= 21; field++) {
            stat.append(" 0");
        }
        stat.append(' ').append(startTime).append(" 0 0\n");
        Files.writeString(proc.resolve(pid + "/stat"), stat.toString());
    }

    @Test
    void aRecordIsFoundByPidAndStartTimeOnly() throws IOException {
        ExitRecords records = new ExitRecords(dir.resolve("exits"), proc());
        ExitRecordFiles.write(records.directory(), new ExitRecord(300, 1000, new WaitStatus(300, 7, 0)));

        assertThat(records.find(300, 1000)).hasValueSatisfying(r -> assertThat(r.status().exitCode()).isEqualTo(7));
        assertThat(records.find(300, 2000)).as("the same pid, reused by a later process").isEmpty();
        assertThat(records.find(301, 1000)).isEmpty();
        try (var files = Files.list(dir.resolve("exits"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("300-1000");
        }
    }

    @Test
    void awaitReturnsTheRecordOnceItIsWritten() throws Exception {
        Path proc = proc();
        process(proc, 300, 1000);
        ExitRecords records = new ExitRecords(dir.resolve("exits"), proc);
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            ExitRecordFiles.write(records.directory(), new ExitRecord(300, 1000, new WaitStatus(300, -1, 9)));
        });

        assertThat(records.await(300, 1000, Duration.ofSeconds(5)))
                .hasValueSatisfying(r -> assertThat(r.status().shellExitCode()).isEqualTo(137));
        writer.join();
    }

    @Test
    void awaitGivesUpAtOnceForAProcessReapedWithoutARecord() throws IOException {
        ExitRecords records = new ExitRecords(dir.resolve("exits"), proc());
        long started = System.nanoTime();

        assertThat(records.await(300, 1000, Duration.ofSeconds(5))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void awaitDoesNotTakeAProcessThatReusedThePidForTheOneThatExited() throws IOException {
        Path proc = proc();
        process(proc, 300, 2000);
        ExitRecords records = new ExitRecords(dir.resolve("exits"), proc);

        assertThat(records.await(300, 1000, Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void pruneKeepsOnlyTheNamedRecords() throws IOException {
        ExitRecords records = new ExitRecords(dir.resolve("exits"), proc());
        ExitRecordFiles.write(records.directory(), new ExitRecord(1, 10, new WaitStatus(1, 0, 0)));
        ExitRecordFiles.write(records.directory(), new ExitRecord(2, 20, new WaitStatus(2, 0, 0)));

        assertThat(records.prune(Set.of("2-20"))).isEqualTo(1);
        assertThat(records.find(1, 10)).isEmpty();
        assertThat(records.find(2, 20)).isPresent();
        records.delete(2, 20);
        assertThat(records.find(2, 20)).isEmpty();
    }
}
