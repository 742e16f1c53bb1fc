package dev.berth.cli.api;

import org.jspecify.annotations.Nullable;

/**
 * Which part of a container's output to read.
 *
 * @param follow keep the stream open until the container has exited and all its output is sent
 * @param tail {@code all} or a number of lines from the end; null for all
 * @param since an RFC 3339 time, seconds since the epoch, or a duration ago such as {@code 10m}; null for the start
 * @param timestamps prefix each line with its RFC 3339 time
 */
public record LogQuery(boolean follow, @Nullable String tail, @Nullable String since, boolean timestamps) {

    /** Everything, from the start, until the container exits: what an attached {@code run} shows. */
    public static LogQuery following() {
        return new LogQuery(true, null, null, false);
    }
}
