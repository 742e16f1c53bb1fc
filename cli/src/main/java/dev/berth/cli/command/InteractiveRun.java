package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.api.ContainerApi;
import dev.berth.cli.api.WaitCondition;
import dev.berth.cli.terminal.AttachSession;

/**
 * {@code run -i} and {@code run -t}: the container is attached over the agent's WebSocket before it starts (with
 * its whole, still empty, log, so nothing it writes is missed), its terminal is given the local size first, and the
 * CLI exits with the container's exit code, or 0 when the user detaches.
 */
final class InteractiveRun {

    private final CommandContext context;
    private final ContainerApi containers;

    InteractiveRun(CommandContext context) {
        this.context = context;
        this.containers = context.containers();
    }

    int run(String id, AttachSession.Options options, boolean autoRemove) {
        int[] size = InteractiveSessions.localSize(options.tty());
        if (size != null) {
            containers.resize(id, size[0], size[1]);
        }
        AttachSession session = containers.attach(id, true, context.console(), options);
        containers.start(id);
        int code = session.run(context.signals());
        if (autoRemove && code >= 0) {
            try {
                // As docker run --rm: return once nothing of the container is left (not after a detach, though).
                containers.waitFor(id, WaitCondition.REMOVED);
            } catch (CliException e) {
                // Removed already, or detached: nothing to wait for.
            }
        }
        return code;
    }
}
