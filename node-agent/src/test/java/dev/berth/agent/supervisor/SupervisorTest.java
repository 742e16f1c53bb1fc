package dev.berth.agent.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.linux.RecordingSyscalls;
import dev.berth.agent.linux.SpawnRequest;
import dev.berth.agent.linux.WaitStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorTest {

    private static final int AGENT = 4242;
    private static final int ORPHAN = 500;
    private static final SpawnRequest AGENT_COMMAND = new SpawnRequest("/usr/bin/java",
            List.of("/usr/bin/java", "-jar", "node-agent.jar"), List.of(), List.of(), false);

    @TempDir
    Path dir;

    /** Children's exits, scripted; {@code waitpid} checks that a record exists before an orphan is reaped. */
    private static final class Children extends RecordingSyscalls {
        final Deque<Supplier<Optional<WaitStatus>>> exits = new ArrayDeque<>();
        ExitRecords records;
        boolean recordedBeforeReaping;

        @Override
        public Optional<WaitStatus> waitForExitedChild() {
            super.waitForExitedChild();
            return exits.isEmpty() ? Optional.empty() : exits.poll().get();
        }

        @Override
        public Optional<WaitStatus> waitpid(int pid, boolean noHang) {
            if (pid == ORPHAN) {
                recordedBeforeReaping = records.find(ORPHAN, 777).isPresent();
            }
            return super.waitpid(pid, noHang);
        }
    }

    private Path procWithOrphan() throws IOException {
        Path proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve(Integer.toString(ORPHAN)));
        Files.writeString(proc.resolve(ORPHAN + "/stat"),
                ORPHAN + " (sleep) Z 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 777 0 0\n");
        return proc;
    }

    @Test
    void anOrphansExitIsRecordedDurablyBeforeItIsReaped() throws IOException {
        Children sys = new Children();
        ExitRecords records = new ExitRecords(dir.resolve("exits"), dir.resolve("proc"));
        sys.records = records;
        Supervisor supervisor = new Supervisor(sys, records, AGENT_COMMAND, procWithOrphan());
        sys.exits.add(() -> Optional.of(new WaitStatus(ORPHAN, 7, 0)));
        sys.exits.add(() -> {
            supervisor.onSignal("TERM", false);
            return Optional.of(new WaitStatus(AGENT, 143 - 128, 0));
        });

        int code = supervisor.run();

        assertThat(code).isEqualTo(15);
        assertThat(sys.recordedBeforeReaping).isTrue();
        assertThat(records.find(ORPHAN, 777)).hasValueSatisfying(r -> assertThat(r.status().exitCode()).isEqualTo(7));
        assertThat(sys.calls()).containsSubsequence("prctl(PR_SET_CHILD_SUBREAPER)",
                "posix_spawn(/usr/bin/java, [/usr/bin/java, -jar, node-agent.jar])", "waitid(P_ALL, WNOWAIT)",
                "waitpid(" + ORPHAN + ")", "kill(" + AGENT + ", 15)", "waitpid(" + AGENT + ")");
        assertThat(sys.calls("posix_spawn")).as("stopping, the agent is not started again").hasSize(1);
        assertThat(sys.calls("kill")).as("containers are never signalled").containsExactly("kill(" + AGENT + ", 15)");
    }

    @Test
    void theAgentIsStartedAgainWhenItDies() throws Exception {
        Children sys = new Children();
        ExitRecords records = new ExitRecords(dir.resolve("exits"), dir.resolve("proc"));
        sys.records = records;
        CountDownLatch restarted = new CountDownLatch(1);
        int[] spawns = {0};
        sys.onSpawn(request -> {
            spawns[0]++;
            if (spawns[0] == 2) {
                restarted.countDown();
            }
            return AGENT + spawns[0];
        });
        Supervisor supervisor = new Supervisor(sys, records, AGENT_COMMAND, procWithOrphan());
        // The first agent is killed; then no child is left until the second one runs, which is then stopped.
        sys.exits.add(() -> Optional.of(new WaitStatus(AGENT + 1, -1, 9)));
        sys.exits.add(() -> {
            try {
                assertThat(restarted.await(5, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            supervisor.onSignal("TERM", false);
            return Optional.of(new WaitStatus(AGENT + 2, 0, 0));
        });
        long started = System.nanoTime();

        assertThat(supervisor.run()).isZero();

        assertThat(spawns[0]).isEqualTo(2);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("the first back-off")
                .isGreaterThanOrEqualTo(200);
        assertThat(sys.calls("kill")).containsExactly("kill(" + (AGENT + 2) + ", 15)");
    }

    @Test
    void itsLogLinesAreStampedInUtcAsTheAgentsAre() {
        for (long millis : new long[] {0, 951_782_400_000L, 1_795_867_200_123L, 4_102_444_799_999L}) {
            assertThat(Supervisor.utc(millis)).isEqualTo(java.time.Instant.ofEpochMilli(millis).toString()
                    .replaceFirst("(\\d\\d:\\d\\d:\\d\\d)Z$", "$1.000Z"));
        }
    }
}
