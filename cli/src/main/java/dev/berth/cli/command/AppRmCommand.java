package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.cluster.SchedulerApi;

/** {@code berth app rm}: removes apps and, through the scheduler, their replicas from the nodes. */
public final class AppRmCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(AppCommand.NAME + " rm", "[OPTIONS] APP [APP...]",
                    "Remove one or more apps")
            .flags(ClusterFlags.FLAGS)
            .atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        SchedulerApi scheduler = ClusterFlags.scheduler(args, context);
        for (String app : args.arguments()) {
            scheduler.deleteApp(app);
            context.out().println(app);
        }
        return 0;
    }
}
