package dev.berth.agent.container;

import org.jspecify.annotations.Nullable;

/** How a container's run ended, as {@code wait} reports it. */
public record ExitResult(int exitCode, boolean oomKilled, @Nullable String error) {}
