package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.cluster.Change;
import dev.berth.cli.cluster.SchedulerApi;
import java.util.List;

/**
 * {@code berth service scale APP/SERVICE=N...}: Docker's form. Every specifier is read before any is sent, so a typo
 * in the last scales nothing; each scale is a new version that restarts nothing.
 */
public final class ServiceScaleCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(ServiceCommand.NAME + " scale",
                    "[OPTIONS] APP/SERVICE=REPLICAS [APP/SERVICE=REPLICAS...]", "Scale one or more services")
            .flags(ClusterFlags.FLAGS)
            .atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        List<ScaleTarget> targets = args.arguments().stream().map(ScaleTarget::parse).toList();
        SchedulerApi scheduler = ClusterFlags.scheduler(args, context);
        for (ScaleTarget target : targets) {
            Change change = scheduler.scale(target.app(), target.service(), target.replicas());
            context.out().println(target.app() + "/" + target.service() + " scaled to " + target.replicas()
                    + " (version " + change.version() + ")");
        }
        return 0;
    }
}
