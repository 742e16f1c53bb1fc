package dev.berth.cli.api;

import org.jspecify.annotations.Nullable;

/** How a container ended, as {@code wait} answers: its exit code, whether the OOM killer ended it, and any error. */
public record ExitStatus(@Nullable Integer exitCode, @Nullable Boolean oomKilled, @Nullable String error) {

    /** A missing code reads as 0, as Docker's {@code StatusCode} does. */
    public int code() {
        return exitCode == null ? 0 : exitCode;
    }
}
