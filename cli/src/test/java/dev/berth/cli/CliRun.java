package dev.berth.cli;

import dev.berth.cli.signal.SignalTrap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs the CLI in-process with captured streams, as a user would from a shell, and keeps what it printed. */
final class CliRun {

    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    final int exitCode;
    final String out;
    final String err;

    private CliRun(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static CliRun run(Map<String, String> env, String... args) {
        return run(env, SignalTrap.none(), new byte[0], args);
    }

    static CliRun run(Map<String, String> env, SignalTrap signals, byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(stdin);
        Berth berth = new Berth(new Console(in, out, err), env, signals, Clock.fixed(NOW, ZoneOffset.UTC));
        int exitCode = berth.run(args);
        return new CliRun(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
