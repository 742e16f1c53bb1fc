package dev.berth.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code berth} command as a user runs it: {@code bin/berth} as a child process, pointed at the agent under test
 * by {@code BERTH_HOST}, with nothing shared with the test's JVM but the arguments, the environment and the output.
 */
final class Cli {

    /** Longer than any verb takes here; {@code stop} waits at most 10 s for its container. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> UNSET = List.of("BERTH_HOST", "BERTH_TOKEN", "BERTH_SCHEDULER", "BERTH_TENANT");

    private final Path launcher;
    private final Map<String, String> environment;

    /**
     * @param cacheDir where the launcher keeps its class-data archive: one of the tests' own, so that a run never
     *     replaces the archive of the user's own build in ~/.cache
     */
    Cli(Path launcher, URI agent, Path javaHome, Path cacheDir) {
        this(launcher, agent, javaHome, cacheDir, Map.of());
    }

    /** @param more further variables, such as {@code BERTH_SCHEDULER} */
    Cli(Path launcher, URI agent, Path javaHome, Path cacheDir, Map<String, String> more) {
        this(launcher, javaHome, cacheDir, withHost(agent, more));
    }

    /**
     * Without {@code BERTH_HOST}: the host comes from the config file under {@code HOME} in {@code environment}, as
     * {@code berth login} writes it.
     */
    Cli(Path launcher, Path javaHome, Path cacheDir, Map<String, String> environment) {
        this.launcher = launcher;
        Map<String, String> all = new java.util.HashMap<>(environment);
        all.put("JAVA_HOME", javaHome.toString());
        all.put("XDG_CACHE_HOME", cacheDir.toString());
        this.environment = Map.copyOf(all);
    }

    private static Map<String, String> withHost(URI agent, Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(more);
        all.put("BERTH_HOST", agent.toString());
        return all;
    }

    /** The same command with further variables, such as {@code BERTH_TOKEN}. */
    Cli with(Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(environment);
        all.putAll(more);
        return new Cli(launcher, Path.of(all.get("JAVA_HOME")), Path.of(all.get("XDG_CACHE_HOME")), all);
    }

    String environment(String name) {
        return environment.get(name);
    }

    CliResult run(String... args) {
        try (RunningCli running = start(args)) {
            return running.finish(TIMEOUT);
        }
    }

    RunningCli start(String... args) {
        Process process = spawn(args);
        try {
            // As from a terminal nobody types into: a verb that reads stdin sees its end at once.
            process.getOutputStream().close();
            return new RunningCli(List.of(args), process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + launcher, e);
        }
    }

    private Process spawn(String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        // Only what the test sets: a host or token exported where the tests run must not reach the CLI.
        UNSET.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + launcher, e);
        }
    }

    /**
     * {@code bin/berth ARGS} on a terminal of its own: a pty made by util-linux's {@code script}, whose stdin (the
     * returned process's) is typed into it and whose output is what the terminal shows. {@code setup} runs in a shell
     * on that terminal first (such as {@code stty rows 30 cols 100}); the terminal's {@code stty -g} before and after
     * the CLI go to {@code modes} (two lines).
     */
    Process startOnTerminal(String setup, java.nio.file.Path modes, String... args) {
        StringBuilder line = new StringBuilder(setup).append("; stty -g > ").append(quote(modes.toString())).append("; ")
                .append(quote(launcher.toString()));
        for (String arg : args) {
            line.append(' ').append(quote(arg));
        }
        line.append("; code=$?; stty -g >> ").append(quote(modes.toString())).append("; exit $code");
        ProcessBuilder builder = new ProcessBuilder("script", "-q", "-f", "-e", "-c", "sh -c " + quote(line.toString()),
                "/dev/null");
        UNSET.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run script(1) from util-linux", e);
        }
    }

    /** {@code bin/berth ARGS} with {@code input} as its stdin, then end of file, as {@code echo hi | berth ...}. */
    CliResult runWithInput(byte[] input, String... args) {
        Process process = spawn(args);
        try {
            try (var stdin = process.getOutputStream()) {
                stdin.write(input);
            }
            try (RunningCli running = new RunningCli(List.of(args), process)) {
                return running.finish(TIMEOUT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + launcher, e);
        }
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** {@code berth run -d ARGS}, which must succeed; returns the container's id, which is what it prints. */
    String runDetached(String... runArgs) {
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        args.addAll(List.of(runArgs));
        return run(args.toArray(String[]::new)).requireSuccess().out().strip();
    }

    /** {@code berth inspect REF}, which must succeed, as the one JSON object it describes. */
    JsonNode inspect(String ref) {
        CliResult result = run("inspect", ref).requireSuccess();
        JsonNode described = JSON.readTree(result.out());
        if (!described.isArray() || described.size() != 1) {
            throw new AssertionError("expected a JSON array of one object from " + result);
        }
        return described.get(0);
    }

    /**
     * Polls {@code berth logs} until the container has written {@code text}. A container that announces it is
     * ready (a trap is set, a file is written) can then be acted on without racing its start.
     */
    void awaitLogs(String container, String text) {
        long deadline = System.nanoTime() + LOG_TIMEOUT.toNanos();
        CliResult logs = run("logs", container);
        while (!logs.out().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected \"" + text + "\" in the logs within " + LOG_TIMEOUT.toSeconds()
                        + " s: " + logs);
            }
            logs = run("logs", container);
        }
    }
}
