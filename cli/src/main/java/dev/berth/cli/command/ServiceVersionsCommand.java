package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.cluster.ClusterApp;
import dev.berth.cli.cluster.SchedulerApi;

/**
 * {@code berth service versions APP/SERVICE}: every version of the service's spec, newest first, with its image, its
 * replica count and why it was made (created, scaled, deployed, rolled back); the current one is marked.
 */
public final class ServiceVersionsCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(ServiceCommand.NAME + " versions",
                    "[OPTIONS] APP/SERVICE", "List the versions of a service")
            .flags(ClusterFlags.FLAGS)
            .exactly(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        ServiceRef ref = ServiceRef.parse(args.argument(0));
        String service = ref.requireService();
        SchedulerApi scheduler = ClusterFlags.scheduler(args, context);
        ClusterApp.Service current = scheduler.app(ref.app()).service(service);
        int currentVersion = current == null ? -1 : current.version();
        context.out().print(ClusterTables.versions(scheduler.versions(ref.app(), service), currentVersion,
                context.now()).render());
        return 0;
    }
}
