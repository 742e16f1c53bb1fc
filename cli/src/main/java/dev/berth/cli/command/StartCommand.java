package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.terminal.AttachSession;
import tools.jackson.databind.JsonNode;

/**
 * {@code berth start}: starts created or exited containers in the background; with {@code -a} one container in the
 * foreground, attached (and with {@code -i} its stdin too), exiting with its exit code.
 */
public final class StartCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("start", "[OPTIONS] CONTAINER [CONTAINER...]",
            "Start one or more stopped containers")
            .flags(Flag.bool("attach", 'a', "Attach STDOUT/STDERR and forward signals"),
                    InteractiveSessions.DETACH_KEYS,
                    Flag.bool("interactive", 'i', "Attach container's STDIN"))
            .atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        if (args.flag("attach") || args.flag("interactive")) {
            if (args.arguments().size() != 1) {
                throw new CliException("you cannot start and attach multiple containers at once");
            }
            return startAttached(args, context);
        }
        return EachTarget.apply(args.arguments(), context, ref -> {
            context.containers().start(ref);
            return ref;
        });
    }

    /** Attached before the start, from the end of the log: this run's output only, none of it missed. */
    private static int startAttached(ParsedArgs args, CommandContext context) {
        JsonNode container = context.containers().inspect(args.argument(0));
        if (container.path("state").path("running").asBoolean()) {
            throw new CliException("container " + args.argument(0) + " is already running; use berth attach");
        }
        String id = container.path("id").asString();
        JsonNode config = container.path("config");
        boolean stdin = args.flag("interactive") && config.path("openStdin").asBoolean();
        boolean tty = config.path("tty").asBoolean();
        AttachSession.Options options = InteractiveSessions.options(args, stdin, tty);
        int[] size = InteractiveSessions.localSize(tty);
        if (size != null) {
            context.containers().resize(id, size[0], size[1]);
        }
        AttachSession session = context.containers().attach(id, false, context.console(), options);
        context.containers().start(id);
        return session.run(context.signals());
    }
}
