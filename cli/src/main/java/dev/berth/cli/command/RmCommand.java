package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;

/** {@code berth rm}: removes containers with their writable layer, logs and cgroups. */
public final class RmCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("rm", "[OPTIONS] CONTAINER [CONTAINER...]",
                    "Remove one or more containers")
            .flags(Flag.bool("force", 'f', "Force the removal of a running container (uses SIGKILL)"))
            .atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        boolean force = args.flag("force");
        return EachTarget.apply(args.arguments(), context, ref -> {
            context.containers().remove(ref, force);
            return ref;
        });
    }
}
