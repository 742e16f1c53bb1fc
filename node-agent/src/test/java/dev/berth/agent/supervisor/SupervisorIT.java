package dev.berth.agent.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.linux.ProcStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real supervisor binary (node-agent/target/berth-supervisor, built by Maven from src/main/c) with a stand-in for
 * the agent: a shell script that leaves orphans behind, exits, or waits for signals. Needs no root.
 */
class SupervisorIT {
    private static final Path BINARY = Path.of(System.getProperty("berth.supervisor", "target/berth-supervisor"));
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private Path records;
    private Path log;
    private Process supervisor;
    private final List<Long> leftovers = new ArrayList<>();

    @BeforeEach
    void paths() {
        records = dir.resolve("exits");
        log = dir.resolve("supervisor.log");
        assertThat(BINARY).as("built by mvn compile").isExecutable();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (supervisor != null && supervisor.isAlive()) {
            supervisor.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            supervisor.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        for (long pid : leftovers) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Starts the supervisor with {@code script} as the agent's command, {@code prefix} run by the shell first. */
    private Process start(String script, String prefix) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", prefix + " exec \"$0\" \"$@\"",
                BINARY.toAbsolutePath().toString(), "--exit-records", records.toString(), "--", "/bin/sh", "-c",
                script));
        supervisor = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return supervisor;
    }

    private Process start(String script) throws IOException {
        return start(script, "");
    }

    private int awaitPid(String file) throws Exception {
        Path path = dir.resolve(file);
        await("a pid in " + file, () -> {
            try {
                return Files.isRegularFile(path) && Files.readString(path).endsWith("\n");
            } catch (IOException e) {
                return false;
            }
        });
        int pid = Integer.parseInt(Files.readString(path).strip());
        leftovers.add((long) pid);
        return pid;
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + PATIENCE + "; supervisor log:\n" + log());
            }
            Thread.sleep(10);
        }
    }

    private String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /** /proc/PID/stat field 3 (the state), parsed after the last ')'; empty once the process has been reaped. */
    private static String state(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0];
        } catch (IOException e) {
            return "";
        }
    }

    private static long parent(int pid) {
        return ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(0L);
    }

    private static void signal(String name, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor()).isZero();
    }

    private List<String> lines(String file) {
        Path path = dir.resolve(file);
        try {
            return Files.exists(path) ? Files.readAllLines(path) : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anOrphansExitIsRecordedBeforeItIsReapedAndNeverReapedUnrecorded() throws Exception {
        // The records' directory is a plain file for now: no record can be written.
        Files.writeString(records, "not a directory");
        Process sup = start("( sh -c 'while [ ! -e go ]; do sleep 0.02; done; exit 7' & echo $! > orphan.pid ); "
                + "exec sleep 1000");
        int orphan = awaitPid("orphan.pid");
        long startTime = ProcStat.startTime(orphan);
        await("the orphan re-parented to the supervisor", () -> parent(orphan) == sup.pid());

        Files.writeString(dir.resolve("go"), "");
        await("the orphan's exit", () -> state(orphan).equals("Z"));
        await("the failure logged", () -> log().contains("cannot record the exit of pid " + orphan));
        Thread.sleep(300);
        assertThat(state(orphan)).as("a zombie still: not reaped without its record").isEqualTo("Z");

        Files.delete(records);
        Files.createDirectory(records);
        Path record = records.resolve(orphan + "-" + startTime);
        await("the record, written on a later try", () -> Files.exists(record));
        assertThat(Files.readString(record, StandardCharsets.US_ASCII))
                .isEqualTo(orphan + " " + startTime + " " + (7 << 8) + "\n");
        await("the orphan reaped", () -> state(orphan).isEmpty());
        ExitRecord read = new ExitRecords(records).find(orphan, startTime).orElseThrow();
        assertThat(read.status().exitCode()).isEqualTo(7);
        try (var entries = Files.list(records)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly(orphan + "-" + startTime);
        }
        assertThat(sup.isAlive()).isTrue();
    }

    @Test
    void anOrphanKilledBySigkillIsRecordedWithItsSignal() throws Exception {
        // A command name with a space and parentheses: the start time is read after the last ')' of /proc/PID/stat.
        Files.copy(Path.of("/bin/sleep"), dir.resolve("sl) (ep"));
        Process sup = start("( \"./sl) (ep\" 1000 & echo $! > orphan.pid ); exec sleep 1000");
        int orphan = awaitPid("orphan.pid");
        await("the orphan re-parented to the supervisor", () -> parent(orphan) == sup.pid());
        long startTime = ProcStat.startTime(orphan);

        signal("KILL", orphan);

        ExitRecords exits = new ExitRecords(records);
        await("the record", () -> exits.find(orphan, startTime).isPresent());
        ExitRecord record = exits.find(orphan, startTime).orElseThrow();
        assertThat(record.status().signal()).isEqualTo(9);
        assertThat(record.status().raw()).isEqualTo(9);
        await("the orphan reaped", () -> state(orphan).isEmpty());
    }

    @Test
    void anAgentThatKeepsExitingIsRestartedWithBackoff() throws Exception {
        Process sup = start("date +%s%N >> starts; exit 1");
        Thread.sleep(1700);
        List<Long> starts = lines("starts").stream().map(line -> Long.parseLong(line) / 1_000_000).toList();

        // Starts at about 0, 0.2, 0.6 and 1.4 s; the next would be at 3.0 s.
        assertThat(starts).as(log()).hasSize(4);
        long[] gaps = {starts.get(1) - starts.get(0), starts.get(2) - starts.get(1), starts.get(3) - starts.get(2)};
        assertThat(gaps[0]).as("first gap").isBetween(180L, 400L);
        assertThat(gaps[1]).as("second gap").isBetween(380L, 650L);
        assertThat(gaps[2]).as("third gap").isBetween(780L, 1100L);
        assertThat(log()).contains("the node agent exited (exit code 1); starting it again in 200 ms",
                "starting it again in 400 ms", "starting it again in 800 ms");
        assertThat(sup.isAlive()).isTrue();
    }

    @Test
    void sigtermStopsTheAgentAndTheSupervisorAndLeavesOrphansRunning() throws Exception {
        Process sup = start("trap 'echo term > got-term; exit 0' TERM; ( sleep 1000 & echo $! > orphan.pid ); "
                + "echo $$ > agent.pid; while :; do sleep 0.02; done");
        int orphan = awaitPid("orphan.pid");
        int agent = awaitPid("agent.pid");
        await("the orphan re-parented to the supervisor", () -> parent(orphan) == sup.pid());

        sup.destroy(); // SIGTERM

        assertThat(sup.waitFor(5, TimeUnit.SECONDS)).as(log()).isTrue();
        assertThat(sup.exitValue()).as("the agent's exit code").isZero();
        assertThat(lines("got-term")).containsExactly("term");
        assertThat(ProcessHandle.of(agent)).isEmpty();
        assertThat(state(orphan)).as("the orphan keeps running").isIn("S", "R");
        assertThat(log()).contains("SIGTERM: stopping the node agent, pid " + agent,
                "stopping, containers left running");
    }

    @Test
    void sighupRestartsTheAgentAtOnce() throws Exception {
        Process sup = start("echo $$ >> agents; exec sleep 1000");
        await("the agent", () -> lines("agents").size() == 1);
        long first = Long.parseLong(lines("agents").get(0));

        long sent = System.nanoTime();
        signal("HUP", sup.pid());
        await("a new agent", () -> lines("agents").size() == 2);
        long elapsedMillis = (System.nanoTime() - sent) / 1_000_000;

        assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(log()).contains("SIGHUP: stopping the node agent, pid " + first,
                "the node agent exited (signal 15); starting it again in 0 ms");
        assertThat(elapsedMillis).as("no backoff").isLessThan(1000);
        assertThat(sup.isAlive()).isTrue();
    }

    @Test
    void theAgentGetsTheRecordsDirectoryAndDefaultSignalsEvenWhenSighupWasIgnored() throws Exception {
        // As nohup would start it: SIGHUP ignored.
        Process sup = start("echo \"$BERTH_SUPERVISOR_EXIT_RECORDS\" > env; echo $$ >> agents; exec sleep 1000",
                "trap '' HUP;");
        await("the agent", () -> lines("agents").size() == 1);
        int agent = Integer.parseInt(lines("agents").get(0));
        // Read once the agent's shell has exec'd sleep, which keeps its ignored and blocked signals.
        await("the agent's exec", () -> {
            try {
                return Files.readString(Path.of("/proc/" + agent + "/comm")).strip().equals("sleep");
            } catch (IOException e) {
                return false;
            }
        });

        assertThat(lines("env")).containsExactly(records.toString());
        List<String> signals = Files.readAllLines(Path.of("/proc/" + agent + "/status")).stream()
                .filter(line -> line.startsWith("SigIgn:") || line.startsWith("SigBlk:")).toList();
        assertThat(signals).hasSize(2);
        for (String line : signals) {
            long mask = Long.parseUnsignedLong(line.substring(line.indexOf(':') + 1).strip(), 16);
            assertThat(mask & 1).as(line + ": SIGHUP at its default, not blocked").isZero();
        }
        assertThat(signals).contains("SigBlk:\t0000000000000000");
        assertThat(log()).contains("SIGHUP was ignored when this process started; it is handled all the same");

        signal("HUP", sup.pid());
        await("the agent restarted by SIGHUP", () -> lines("agents").size() == 2);
    }
}
