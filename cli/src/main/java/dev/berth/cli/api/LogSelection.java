package dev.berth.cli.api;

import org.jspecify.annotations.Nullable;

/**
 * Which lines to read from log-service: one container's or one app's, of one tenant, cut by time, tail and a pattern.
 *
 * @param tenant whose logs
 * @param container a container's id; exactly one of container and app is set
 * @param app all of an app's containers
 * @param follow keep reading new lines as they arrive, until interrupted
 * @param tail {@code all} or a number of lines from the end; null for all
 * @param since a time (RFC 3339 or seconds since the epoch) or a duration ago such as {@code 10m}; null for the start
 * @param until the same forms; null for no end
 * @param grep a regular expression the lines must match; null for every line
 * @param timestamps prefix each line with its RFC 3339 time
 */
public record LogSelection(String tenant, @Nullable String container, @Nullable String app, boolean follow,
                           @Nullable String tail, @Nullable String since, @Nullable String until,
                           @Nullable String grep, boolean timestamps) {

    public LogSelection {
        if ((container == null) == (app == null)) {
            throw new IllegalArgumentException("exactly one of container and app");
        }
    }
}
