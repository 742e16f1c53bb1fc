package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.cluster.Change;

/**
 * {@code berth rollback APP}: a new version of a service with an earlier version's spec (by default the one before
 * the current), so that history stays linear; the scheduler rolls it out as any other.
 */
public final class RollbackCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("rollback", "[OPTIONS] APP",
                    "Roll a service of an app back to an earlier version")
            .flags(ClusterFlags.with(
                    Flag.value("service", null, "string", "Service to roll back (may be left out with one)"),
                    Flag.value("version", null, "int", "Version to go back to (default the one before the current)")))
            .exactly(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        Change change = ClusterFlags.scheduler(args, context).rollback(args.argument(0), args.value("service"),
                args.intValue("version"));
        DeployCommand.printChange(change, context);
        return 0;
    }
}
