package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;

/**
 * {@code berth network rm}: removes networks no container is attached to, printing each as it goes; a failure is
 * reported and the others are still removed, as Docker does.
 */
public final class NetworkRmCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(NetworkCommand.NAME + " rm", "NETWORK [NETWORK...]",
            "Remove one or more networks").atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        return EachTarget.apply(args.arguments(), context, ref -> {
            context.networks().remove(ref);
            return ref;
        });
    }
}
