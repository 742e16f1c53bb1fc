package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;

/** {@code berth diff}: the paths a container added ({@code A}), changed ({@code C}) or deleted ({@code D}). */
public final class DiffCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("diff", "CONTAINER",
            "Inspect changes to files or directories on a container's filesystem").exactly(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        context.containers().changes(args.argument(0))
                .forEach(change -> context.out().println(change.kind() + " " + change.path()));
        return 0;
    }
}
