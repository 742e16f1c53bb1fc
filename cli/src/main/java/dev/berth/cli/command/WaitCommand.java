package dev.berth.cli.command;

import dev.berth.cli.api.WaitCondition;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;

/** {@code berth wait}: blocks until each container has stopped and prints its exit code. */
public final class WaitCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("wait", "CONTAINER [CONTAINER...]",
            "Block until one or more containers stop, then print their exit codes").atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        return EachTarget.apply(args.arguments(), context,
                ref -> String.valueOf(context.containers().waitFor(ref, WaitCondition.NOT_RUNNING).code()));
    }
}
