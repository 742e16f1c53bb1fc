package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.api.ContainerApi;
import dev.berth.cli.api.ExitStatus;
import dev.berth.cli.api.LogQuery;
import dev.berth.cli.api.WaitCondition;
import dev.berth.cli.http.AgentErrorException;
import dev.berth.cli.http.PendingCall;
import dev.berth.cli.signal.SignalTrap;
import dev.berth.cli.stream.StreamDemuxer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a created container in the foreground, as {@code docker run} without {@code -d} does: its stdout and stderr
 * are copied to the CLI's as they arrive, signals sent to the CLI go to the container, and the CLI exits with the
 * container's exit code.
 *
 * <p>The order matters for a container that exits at once. The {@code wait?condition=next-exit} and the
 * {@code logs?follow=true} requests go out before {@code start}, and the start waits (briefly) until the agent has
 * answered both with headers, so that neither the exit nor the output of a {@code --rm} container that is gone a
 * moment later can be missed. If the exit status still has not come once the output has ended, the container exited
 * before the agent took the first wait, and {@code condition=not-running} answers at once, also for a removed
 * container (the agent keeps the status).
 */
final class ForegroundRun {

    private static final List<String> FORWARDED_SIGNALS = List.of("INT", "TERM");
    /**
     * How long the start waits for the agent to answer the wait and logs requests with headers. An agent that
     * answers them only at the end costs every attached run this much; one that answers on registration, nothing.
     */
    private static final Duration LISTEN_GRACE = Duration.ofMillis(100);
    /** How long after the output has ended the exit status may take to arrive. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(1);

    private final CommandContext context;
    private final ContainerApi containers;

    ForegroundRun(CommandContext context) {
        this.context = context;
        this.containers = context.containers();
    }

    /**
     * Starts the container and returns its exit code once its output has ended and it has exited, and with
     * {@code autoRemove} once it has been removed too, as {@code docker run --rm} does.
     */
    int run(String id, boolean autoRemove) throws IOException {
        PendingCall<ExitStatus> exit = containers.waitAsync(id,
                autoRemove ? WaitCondition.REMOVED : WaitCondition.NEXT_EXIT);
        CompletableFuture<InputStream> output = containers.logsAsync(id, LogQuery.following());
        awaitAnswers(exit.answered(), output);
        try (SignalTrap.Handle forwarding = context.signals().trap(FORWARDED_SIGNALS, signal -> forward(id, signal))) {
            try {
                containers.start(id);
            } catch (CliException e) {
                exit.cancel();
                output.cancel(true);
                throw e;
            }
            copy(output);
            return exitCode(id, exit);
        }
    }

    private static void awaitAnswers(CompletableFuture<?>... answers) {
        try {
            CompletableFuture.allOf(answers).get(LISTEN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // An agent that answers only at the end, or a failed request: the start goes ahead either way, and a
            // failure shows where its result is read.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while attaching to the container");
        }
    }

    private void copy(CompletableFuture<InputStream> output) throws IOException {
        InputStream stream;
        try {
            stream = output.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AgentErrorException error) {
                // No output to show, but the exit code still counts.
                context.error(error.getMessage());
                return;
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new CliException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while reading the container's output");
        }
        try (stream) {
            new StreamDemuxer(context.console().stdout(), context.console().stderr()).copy(stream);
        }
    }

    private int exitCode(String id, PendingCall<ExitStatus> exit) {
        ExitStatus status = exit.resultWithin(EXIT_GRACE);
        if (status == null) {
            exit.cancel();
            status = containers.waitFor(id, WaitCondition.NOT_RUNNING);
        }
        if (status.error() != null && !status.error().isBlank()) {
            context.error(status.error());
        }
        return status.code();
    }

    /** Docker's --sig-proxy: what the user sends the CLI goes to the container. */
    private void forward(String id, String signal) {
        try {
            containers.kill(id, "SIG" + signal);
        } catch (CliException e) {
            // The container may have exited in the meantime; its exit code will tell.
        }
    }
}
