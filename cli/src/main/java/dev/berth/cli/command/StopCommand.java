package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;

/** {@code berth stop}: SIGTERM, then SIGKILL after the grace time. */
public final class StopCommand implements Command {

    static final Flag TIME = Flag.value("time", 't', "int", "Seconds to wait before killing the container (default 10)");

    private static final CommandSpec SPEC = CommandSpec.verb("stop", "[OPTIONS] CONTAINER [CONTAINER...]",
                    "Stop one or more running containers")
            .flags(TIME)
            .atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        Integer seconds = args.intValue("time");
        return EachTarget.apply(args.arguments(), context, ref -> {
            context.containers().stop(ref, seconds);
            return ref;
        });
    }
}
