package dev.berth.agent.stdio;

import org.jspecify.annotations.Nullable;

/**
 * What a {@code logs} call asks for.
 *
 * @param sinceNanos only output that arrived at or after this time (ns since the epoch), or null for all
 * @param tail only the last N lines (counted across both streams), or null for all
 * @param timestamps prefix every line with its arrival time
 * @param stdin include what was typed, where the container logs it
 */
public record LogQuery(@Nullable Long sinceNanos, @Nullable Integer tail, boolean timestamps, boolean stdout,
                       boolean stderr, boolean stdin) {

    /** Without the stdin log. */
    public LogQuery(@Nullable Long sinceNanos, @Nullable Integer tail, boolean timestamps, boolean stdout,
                    boolean stderr) {
        this(sinceNanos, tail, timestamps, stdout, stderr, false);
    }

    public static LogQuery all() {
        return new LogQuery(null, null, false, true, true);
    }

    /** What an attach streams: output from now on ({@code tail} 0), or all of it first. */
    public static LogQuery attach(boolean stdout, boolean stderr, boolean fromStart) {
        return new LogQuery(null, fromStart ? null : 0, false, stdout, stderr, false);
    }

    public boolean includes(LogStream stream) {
        return switch (stream) {
            case STDOUT -> stdout;
            case STDERR -> stderr;
            case STDIN -> stdin;
        };
    }
}
