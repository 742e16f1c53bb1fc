package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;

/** {@code berth kill}: sends a signal, SIGKILL unless {@code -s} names another. */
public final class KillCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("kill", "[OPTIONS] CONTAINER [CONTAINER...]",
                    "Kill one or more running containers")
            .flags(Flag.value("signal", 's', "string", "Signal to send to the container (default \"KILL\")"))
            .atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        String signal = args.value("signal");
        return EachTarget.apply(args.arguments(), context, ref -> {
            context.containers().kill(ref, signal);
            return ref;
        });
    }
}
