package dev.berth.cli.it;

import java.time.Duration;
import java.util.List;

/** How one {@code bin/berth} run ended: its exit code, everything it printed, and how long it took. */
record CliResult(List<String> args, int exitCode, String out, String err, Duration elapsed) {

    /** For a step that only prepares a test: a failure there is reported with all the CLI printed. */
    CliResult requireSuccess() {
        if (exitCode != 0) {
            throw new AssertionError("expected exit code 0 from " + this);
        }
        return this;
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    @Override
    public String toString() {
        return "berth " + String.join(" ", args) + " (exit " + exitCode + " after " + elapsed.toMillis() + " ms)"
                + "\n--- stdout\n" + out + "--- stderr\n" + err + "---";
    }
}
