package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;

/** {@code berth restart}: stop (with the same grace time as {@code stop}), then start. */
public final class RestartCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("restart", "[OPTIONS] CONTAINER [CONTAINER...]",
                    "Restart one or more containers")
            .flags(StopCommand.TIME)
            .atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        Integer seconds = args.intValue("time");
        return EachTarget.apply(args.arguments(), context, ref -> {
            context.containers().restart(ref, seconds);
            return ref;
        });
    }
}
