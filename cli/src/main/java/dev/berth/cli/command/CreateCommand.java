package dev.berth.cli.command;

import dev.berth.cli.api.ContainerCreated;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;

/** {@code berth create}: a container that is ready to start, with the same flags as {@code run}; prints its id. */
public final class CreateCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("create", "[OPTIONS] IMAGE [COMMAND] [ARG...]",
                    "Create a new container")
            .flags(ContainerFlags.FLAGS)
            .atLeast(1)
            .stopAtFirstArgument()
            .failingWith(125);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        ContainerCreated created = context.containers().create(ContainerFlags.toSpec(args, context), false);
        Warnings.print(created, context);
        context.out().println(created.id());
        return 0;
    }
}
