package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.cluster.ClusterApp;

/** {@code berth service ls APP}: the app's services, each with its version, replicas, image and rollout state. */
public final class ServiceLsCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(ServiceCommand.NAME + " ls", "[OPTIONS] APP",
                    "List an app's services")
            .flags(ClusterFlags.with(JsonFormat.FLAG))
            .exactly(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        boolean json = JsonFormat.requested(args);
        ClusterApp app = ClusterFlags.scheduler(args, context).app(args.argument(0));
        if (json) {
            JsonFormat.print(context, app.services());
            return 0;
        }
        context.out().print(ClusterTables.services(app).render());
        return 0;
    }
}
