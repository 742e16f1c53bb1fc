package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;

/** {@code berth start}: starts created or exited containers in the background. */
public final class StartCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("start", "CONTAINER [CONTAINER...]",
            "Start one or more stopped containers").atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        return EachTarget.apply(args.arguments(), context, ref -> {
            context.containers().start(ref);
            return ref;
        });
    }
}
