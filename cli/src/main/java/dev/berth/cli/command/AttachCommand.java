package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.terminal.AttachSession;
import tools.jackson.databind.JsonNode;

/**
 * {@code berth attach}: the running container's output from now on, and its stdin if it was created with {@code -i},
 * until it exits (the CLI exits with its code) or the user types the detach keys (the CLI exits 0, the container runs
 * on).
 */
public final class AttachCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("attach", "[OPTIONS] CONTAINER",
                    "Attach local standard input, output, and error streams to a running container")
            .flags(InteractiveSessions.DETACH_KEYS,
                    Flag.bool("no-stdin", null, "Do not attach STDIN"))
            .exactly(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        String ref = args.argument(0);
        JsonNode container = context.containers().inspect(ref);
        if (!container.path("state").path("running").asBoolean()) {
            throw new CliException("you cannot attach to a stopped container, start it first");
        }
        JsonNode config = container.path("config");
        boolean stdin = config.path("openStdin").asBoolean() && !args.flag("no-stdin");
        boolean tty = config.path("tty").asBoolean();
        AttachSession.Options options = InteractiveSessions.options(args, stdin, tty);
        String id = container.path("id").asString();
        return context.containers().attach(id, false, context.console(), options).run(context.signals());
    }
}
