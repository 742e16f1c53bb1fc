package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run -it}, {@code run -i}, {@code exec} and {@code attach} as a user at a terminal sees them: the CLI runs on a
 * real pty (util-linux's {@code script}), keys are typed into it, and the screen is read back.
 */
@ExtendWith(RealAgent.class)
class InteractiveIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String PROMPT = "/ # ";

    private final Cli berth;
    private final ContainerNames names;

    @TempDir
    Path temp;

    InteractiveIT(Cli berth, ContainerNames names) {
        this.berth = berth;
        this.names = names;
    }

    @Test
    void runItGivesAShellWithAControllingTerminalThatFollowsTheLocalOne() throws Exception {
        String name = names.next("shell");
        try (TerminalSession terminal = new TerminalSession(berth, temp.resolve("modes"), 30, 100,
                "run", "-it", "--name", name, "busybox", "sh")) {
            terminal.await(PROMPT, TIMEOUT);
            terminal.type("tty; stty size\r");
            terminal.await("/dev/pts/0\r\n30 100\r\n", TIMEOUT);

            terminal.resize(50, 132);
            terminal.type("stty size\r");
            terminal.await("50 132\r\n", TIMEOUT);

            // ^C is a byte to the container's terminal, whose line discipline signals the foreground job only.
            terminal.type("sleep 100\r");
            Thread.sleep(300);
            terminal.type((byte) 3);
            terminal.type("echo alive-$((20+22))\r");
            terminal.await("alive-42", TIMEOUT);

            terminal.type("exit 3\r");
            assertThat(terminal.exitCode(TIMEOUT)).as(terminal.screen()).isEqualTo(3);
            // Raw while the shell ran, and restored afterwards.
            var modes = terminal.modesBeforeAndAfter();
            assertThat(modes).hasSize(2);
            assertThat(modes.get(1)).isEqualTo(modes.get(0));
        }
    }

    @Test
    void runIPipesStdinAndItsEndClosesTheContainersStdin() {
        CliResult result = berth.runWithInput("hi\n".getBytes(StandardCharsets.UTF_8), "run", "-i", "--rm",
                "busybox", "cat");

        assertThat(result.exitCode()).as(result::toString).isZero();
        assertThat(result.out()).isEqualTo("hi\n");
    }

    @Test
    void stdinCanBeLoggedAndLogsShowIt() {
        String name = names.next("logged");
        CliResult result = berth.runWithInput("typed\n".getBytes(StandardCharsets.UTF_8), "run", "-i",
                "--log-stdin", "--name", name, "busybox", "sh", "-c", "read line; echo got-$line");

        assertThat(result.out()).isEqualTo("got-typed\n");
        assertThat(berth.run("logs", name).out()).contains("typed\n").contains("got-typed\n");
    }

    @Test
    void startAttachedRunsAStoppedContainerAgainWithOnlyThisRunsOutput() {
        String name = names.next("rerun");
        berth.run("create", "-i", "--name", name, "busybox", "sh", "-c", "read line; echo got-$line; exit 5")
                .requireSuccess();

        CliResult first = berth.runWithInput("a\n".getBytes(StandardCharsets.UTF_8), "start", "-a", "-i", name);
        assertThat(first.exitCode()).as(first::toString).isEqualTo(5);
        assertThat(first.out()).isEqualTo("got-a\n");

        CliResult second = berth.runWithInput("b\n".getBytes(StandardCharsets.UTF_8), "start", "-a", "-i", name);
        assertThat(second.exitCode()).as(second::toString).isEqualTo(5);
        assertThat(second.out()).isEqualTo("got-b\n");
    }

    @Test
    void execRunsInTheContainerWithItsOptions() {
        String name = names.next("exec");
        berth.runDetached("--name", name, "--hostname", "inside", "busybox", "sleep", "1000");

        CliResult ps = berth.run("exec", name, "ps");
        assertThat(ps.exitCode()).as(ps::toString).isZero();
        assertThat(ps.outLines()).anyMatch(line -> line.matches("\\s*1\\s+root\\s+sleep 1000"));

        CliResult options = berth.run("exec", "-e", "FOO=bar", "-w", "/tmp", "-u", "1000", name, "sh", "-c",
                "echo $FOO; pwd; id -u; hostname; exit 9");
        assertThat(options.exitCode()).as(options::toString).isEqualTo(9);
        assertThat(options.out()).isEqualTo("bar\n/tmp\n1000\ninside\n");

        CliResult piped = berth.runWithInput("from-stdin\n".getBytes(StandardCharsets.UTF_8), "exec", "-i", name,
                "cat");
        assertThat(piped.out()).isEqualTo("from-stdin\n");

        assertThat(berth.run("exec", "-d", name, "sh", "-c", "echo detached > /tmp/mark").exitCode()).isZero();
        berth.run("exec", name, "sh", "-c", "while [ ! -s /tmp/mark ]; do sleep 0.05; done");
        assertThat(berth.run("exec", name, "cat", "/tmp/mark").out()).isEqualTo("detached\n");

        CliResult missing = berth.run("exec", name, "no-such-command");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.err()).contains("executable file not found");
    }

    @Test
    void execIntoAStoppedContainerIsRefusedClearly() {
        String name = names.next("stopped");
        berth.run("create", "--name", name, "busybox", "true").requireSuccess();

        CliResult refused = berth.run("exec", name, "ls");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("is not running");
    }

    @Test
    void execItGetsATerminalOfTheContainer() throws Exception {
        String name = names.next("exectty");
        berth.runDetached("--name", name, "busybox", "sleep", "1000");
        try (TerminalSession terminal = new TerminalSession(berth, temp.resolve("modes"), 33, 91,
                "exec", "-it", name, "sh")) {
            terminal.await(PROMPT, TIMEOUT);
            terminal.type("tty; stty size; exit 6\r");
            assertThat(terminal.exitCode(TIMEOUT)).as(terminal.screen()).isEqualTo(6);
            assertThat(terminal.screen()).contains("/dev/pts/0\r\n33 91\r\n");
        }
    }

    @Test
    void attachDetachesOnItsKeysAndLaterEndsWithTheContainersExitCode() throws Exception {
        String name = names.next("attach");
        berth.runDetached("-it", "--name", name, "busybox", "sh");
        try (TerminalSession terminal = new TerminalSession(berth, temp.resolve("modes1"), 24, 80,
                "attach", name)) {
            Thread.sleep(500);
            terminal.type("echo one-$((1+1))\r");
            terminal.await("one-2", TIMEOUT);
            terminal.type((byte) 16, (byte) 17); // Ctrl-P Ctrl-Q
            assertThat(terminal.exitCode(TIMEOUT)).as(terminal.screen()).isZero();
        }
        assertThat(berth.inspect(name).path("state").path("running").asBoolean()).isTrue();

        try (TerminalSession terminal = new TerminalSession(berth, temp.resolve("modes2"), 24, 80,
                "attach", "--detach-keys", "ctrl-x", name)) {
            Thread.sleep(500);
            terminal.type("exit 4\r");
            assertThat(terminal.exitCode(TIMEOUT)).as(terminal.screen()).isEqualTo(4);
        }
        assertThat(Files.exists(temp.resolve("modes2"))).isTrue();
    }
}
