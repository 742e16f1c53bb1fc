package dev.berth.agent.stdio;

import org.jspecify.annotations.Nullable;

/**
 * What a {@code logs} call asks for.
 *
 * @param sinceNanos only output that arrived at or after this time (ns since the epoch), or null for all
 * @param tail only the last N lines (counted across both streams), or null for all
 * @param timestamps prefix every line with its arrival time
 */
public record LogQuery(@Nullable Long sinceNanos, @Nullable Integer tail, boolean timestamps, boolean stdout,
                       boolean stderr) {

    public static LogQuery all() {
        return new LogQuery(null, null, false, true, true);
    }

    public boolean includes(LogStream stream) {
        return stream == LogStream.STDOUT ? stdout : stderr;
    }
}
