package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Containers outlive their agent. The agent runs under the supervisor, as deploy/up.sh runs it, and is killed with
 * SIGKILL: its containers keep running and are adopted by the next agent with their pids and limits; exits that
 * happen while no agent runs are reported with their true codes; output written meanwhile is all in the logs, once.
 *
 * <p>A node of its own (networks apart from the other tests'), since its agent dies on purpose.
 */
class DurabilityIT {

    private static final List<String> NETWORK = List.of("--berth.agent.network.default-bridge=berthdur0",
            "--berth.agent.network.default-subnet=10.73.0.0/16", "--berth.agent.network.pool=10.74.0.0/16",
            "--berth.agent.network.table=berth_dur");
    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");

    private static NodeUnderTest node;
    private Cli berth;
    private NodeAgent agent;
    private ContainerNames names;

    @BeforeAll
    static void startNode() {
        node = NodeUnderTest.startSupervised(NETWORK);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            if (node.agent().agentProcess().isEmpty()) {
                node.agent().start();
            }
            node.close();
        }
    }

    @BeforeEach
    void setUp() {
        berth = node.cli();
        agent = node.agent();
        names = new ContainerNames(berth);
    }

    @AfterEach
    void removeContainers() {
        names.close();
    }

    @Test
    void outputWrittenAcrossAKilledAgentIsInTheLogsOnceAndInOrder() throws Exception {
        int lines = 40_000;
        List<String> flooders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = names.next("flood");
            // A pause every thousand lines makes the flood last a few seconds, across the agent's death and restart.
            berth.runDetached("--name", name, "busybox", "sh", "-c", "i=0; while [ $i -lt " + lines + " ]; do "
                    + "echo \"out $i\"; echo \"err $i\" >&2; i=$((i + 1)); "
                    + "[ $((i % 1000)) -eq 0 ] && usleep 150000; done");
            flooders.add(name);
        }
        for (String name : flooders) {
            awaitLogBytes(name);
        }

        agent.killAgent();

        for (String name : flooders) {
            CliResult wait = berth.run("wait", name);
            assertThat(wait.out().strip()).as(wait::toString).isEqualTo("0");
            CliResult logs = berth.run("logs", name).requireSuccess();
            assertThat(logs.outLines()).as("stdout of %s", name).containsExactlyElementsOf(numbered("out", lines));
            assertThat(logs.err().lines().toList()).as("stderr of %s", name)
                    .containsExactlyElementsOf(numbered("err", lines));
        }
    }

    @Test
    void runningContainersSurviveAKilledAgentWithTheirPidsAndLimits() {
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, Long> pids = new LinkedHashMap<>();
        Map<String, List<String>> limits = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            String name = names.next("survive");
            String id = berth.runDetached("--name", name, "-m", (32 + i) + "m", "--pids-limit", "" + (20 + i),
                    "busybox", "sleep", "1000");
            ids.put(name, id);
            pids.put(name, berth.inspect(name).path("state").path("pid").asLong());
            limits.put(name, limitsOf(id));
        }
        assertThat(limits.values()).allSatisfy(values -> assertThat(values).doesNotContain("absent"));

        long killed = agent.killAgent();

        assertThat(agent.agentProcess()).hasValueSatisfying(p -> assertThat(p.pid()).isNotEqualTo(killed));
        for (String name : ids.keySet()) {
            JsonNode state = berth.inspect(name).path("state");
            assertThat(state.path("status").asString()).as(name).isEqualTo("running");
            assertThat(state.path("pid").asLong()).as(name).isEqualTo(pids.get(name));
            assertThat(ProcessHandle.of(pids.get(name))).as(name).hasValueSatisfying(
                    p -> assertThat(p.isAlive()).isTrue());
            assertThat(limitsOf(ids.get(name))).as(name).isEqualTo(limits.get(name));
        }

        // What the API does with adopted containers: stats, kill, stop, wait and rm all work on them.
        List<String> all = List.copyOf(ids.keySet());
        CliResult stats = berth.run("stats", "--no-stream", all.get(0));
        assertThat(stats.exitCode()).as(stats::toString).isZero();
        assertThat(stats.out()).contains(all.get(0));

        RunningCli waiting = berth.start("wait", all.get(1));
        berth.run("kill", all.get(1)).requireSuccess();
        assertThat(waiting.finish(Cli.TIMEOUT).out().strip()).isEqualTo("137");

        berth.run("stop", "-t", "1", all.get(2)).requireSuccess();
        assertThat(berth.inspect(all.get(2)).path("state").path("exitCode").asInt()).isEqualTo(137);
        assertThat(berth.inspect(all.get(2)).path("state").path("error").isMissingNode()
                || berth.inspect(all.get(2)).path("state").path("error").isNull()).isTrue();

        List<String> rm = new ArrayList<>(List.of("rm", "-f"));
        rm.addAll(all.subList(3, all.size()));
        berth.run(rm.toArray(String[]::new)).requireSuccess();
        for (String name : all.subList(3, all.size())) {
            assertThat(ProcessHandle.of(pids.get(name)).map(ProcessHandle::isAlive).orElse(false)).as(name).isFalse();
        }
    }

    @Test
    void exitsWhileTheAgentIsDownAreReportedWithTheirTrueCodes() {
        String seven = names.next("seven");
        String killed = names.next("killed");
        String oom = names.next("oom");
        String removed = names.next("rm");
        // Each waits for a signal from the test, which comes while no agent runs.
        berth.runDetached("--name", seven, "busybox", "sh", "-c", "trap 'exit 7' TERM; while :; do usleep 20000; done");
        berth.runDetached("--name", killed, "busybox", "sleep", "1000");
        berth.runDetached("--name", oom, "-m", "16m", "busybox", "sh", "-c",
                // As in ResourcesIT: tail keeps the whole of its input when it has no newline.
                "trap 'head -c 64m /dev/zero | tail; exit $?' USR1; while :; do usleep 20000; done");
        berth.runDetached("--rm", "--name", removed, "busybox", "sh", "-c",
                "trap 'exit 3' TERM; while :; do usleep 20000; done");
        long sevenPid = pidOf(seven);
        long killedPid = pidOf(killed);
        long oomPid = pidOf(oom);
        long removedPid = pidOf(removed);

        agent.killAgentWhile(() -> {
            NodeAgent.signal("TERM", sevenPid);
            NodeAgent.signal("KILL", killedPid);
            NodeAgent.signal("USR1", oomPid);
            NodeAgent.signal("TERM", removedPid);
            for (long pid : List.of(sevenPid, killedPid, oomPid, removedPid)) {
                NodeAgent.awaitZombie(pid);
            }
        });

        assertExited(seven, 7, false);
        assertExited(killed, 137, false);
        assertExited(oom, 137, true);
        CliResult gone = berth.run("inspect", removed);
        assertThat(gone.exitCode()).as(gone::toString).isNotZero();
        assertNoExitRecords("left once read");

        // The new agent's own children: it reaps them itself, and the supervisor records nothing of them.
        CliResult own = berth.run("run", "--name", names.next("own"), "busybox", "sh", "-c", "exit 5");
        assertThat(own.exitCode()).as(own::toString).isEqualTo(5);
        assertNoExitRecords("for a child of the running agent");
    }

    private void assertNoExitRecords(String why) {
        try (var records = Files.list(agent.exitRecords())) {
            assertThat(records.toList()).as("exit records " + why).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aStartCutShortByTheAgentsDeathIsUndone() throws Exception {
        String name = names.next("halfmade");
        String id = berth.run("create", "--name", name, "busybox", "sleep", "1000").requireSuccess().out().strip();
        // What a launch leaves when the agent dies halfway: the container's cgroup made, a process already in it, and
        // a state that does not say running yet.
        Path cgroup = Files.isDirectory(CGROUPS.resolve("memory")) ? CGROUPS.resolve("memory/berth/" + id)
                : CGROUPS.resolve("berth/" + id);
        Files.createDirectories(cgroup);
        Process halfStarted = new ProcessBuilder("sleep", "1000").start();
        Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(halfStarted.pid()));

        agent.killAgent();

        assertThat(halfStarted.waitFor(10, TimeUnit.SECONDS)).as("the process left in the cgroup is killed").isTrue();
        assertThat(cgroup).doesNotExist();
        assertThat(berth.inspect(name).path("state").path("status").asString()).isEqualTo("created");
        berth.run("start", name).requireSuccess();
        assertThat(berth.inspect(name).path("state").path("status").asString()).isEqualTo("running");
    }

    @Test
    void aGracefulStopOfTheSupervisorLeavesContainersRunningUnlessAskedToStopThem() throws Exception {
        String kept = names.next("kept");
        berth.runDetached("--name", kept, "busybox", "sh", "-c", "trap 'exit 0' TERM; while :; do usleep 20000; done");
        long keptPid = pidOf(kept);

        CliResult down = downSh();
        assertThat(down.exitCode()).as(down::toString).isZero();
        assertThat(agent.agentProcess()).isEmpty();
        assertThat(ProcessHandle.of(keptPid).map(ProcessHandle::isAlive).orElse(false)).isTrue();

        agent.start();
        assertThat(berth.inspect(kept).path("state").path("status").asString()).isEqualTo("running");
        assertThat(pidOf(kept)).isEqualTo(keptPid);

        CliResult stopping = downSh("--stop-containers");
        assertThat(stopping.exitCode()).as(stopping::toString).isZero();
        assertThat(ProcessHandle.of(keptPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        // Since the first down.sh the container was init's child, not the new supervisor's: its exit status could
        // not be learnt (a limit the README states); that it was stopped, and stays stopped, is what matters here.
        agent.start();
        assertThat(berth.inspect(kept).path("state").path("status").asString()).isEqualTo("exited");
    }

    /** deploy/down.sh against this node: its run directory and port, its supervisor's pid file. */
    private CliResult downSh(String... args) throws IOException, InterruptedException {
        agent.writePidFile();
        List<String> command = new ArrayList<>(List.of(SourceTree.root().resolve("deploy/down.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("BERTH_RUN", agent.runDir().toString());
        builder.environment().put("BERTH_AGENT_PORT", Integer.toString(agent.port()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new CliResult(command, process.exitValue(), out, "", Duration.ZERO);
    }

    private void assertExited(String name, int exitCode, boolean oomKilled) {
        JsonNode state = berth.inspect(name).path("state");
        assertThat(state.path("status").asString()).as(name).isEqualTo("exited");
        assertThat(state.path("exitCode").asInt()).as(name).isEqualTo(exitCode);
        assertThat(state.path("oomKilled").asBoolean()).as(name).isEqualTo(oomKilled);
        CliResult wait = berth.run("wait", name);
        assertThat(wait.out().strip()).as(wait::toString).isEqualTo(Integer.toString(exitCode));
    }

    private long pidOf(String name) {
        long pid = berth.inspect(name).path("state").path("pid").asLong();
        assertThat(pid).as("pid of %s", name).isPositive();
        return pid;
    }

    /** memory.limit_in_bytes and pids.max (cgroup v1), or memory.max and pids.max (v2), as the kernel has them. */
    private static List<String> limitsOf(String id) {
        List<Path> files = Files.isDirectory(CGROUPS.resolve("memory"))
                ? List.of(CGROUPS.resolve("memory/berth/" + id + "/memory.limit_in_bytes"),
                        CGROUPS.resolve("pids/berth/" + id + "/pids.max"))
                : List.of(CGROUPS.resolve("berth/" + id + "/memory.max"), CGROUPS.resolve("berth/" + id + "/pids.max"));
        List<String> values = new ArrayList<>();
        for (Path file : files) {
            try {
                values.add(Files.readString(file).strip());
            } catch (IOException e) {
                values.add("absent");
            }
        }
        return values;
    }

    private void awaitLogBytes(String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        CliResult tail;
        while ((tail = berth.run("logs", "--tail", "1", name)).out().isEmpty() && tail.err().isEmpty()) {
            assertThat(System.nanoTime()).as("%s wrote nothing", name).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static List<String> numbered(String prefix, int count) {
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(prefix + " " + i);
        }
        return lines;
    }
}
