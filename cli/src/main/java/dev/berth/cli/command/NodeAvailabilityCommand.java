package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.cluster.ClusterNode;
import dev.berth.cli.cluster.SchedulerApi;

/**
 * {@code berth node drain} and {@code berth node activate}: Docker's {@code node update --availability} as two verbs.
 * A drained node takes no new replicas and the scheduler moves its replicas off within each service's update limits;
 * activating it lets placement use it again (replicas are not moved back).
 */
public final class NodeAvailabilityCommand implements Command {

    private final CommandSpec spec;
    private final boolean drain;

    private NodeAvailabilityCommand(CommandSpec spec, boolean drain) {
        this.spec = spec;
        this.drain = drain;
    }

    static NodeAvailabilityCommand drain() {
        return new NodeAvailabilityCommand(CommandSpec.verb(NodeCommand.NAME + " drain", "[OPTIONS] NODE [NODE...]",
                "Move replicas off one or more nodes and place nothing new on them")
                .flags(ClusterFlags.NODE_FLAGS).atLeast(1), true);
    }

    static NodeAvailabilityCommand activate() {
        return new NodeAvailabilityCommand(CommandSpec.verb(NodeCommand.NAME + " activate",
                "[OPTIONS] NODE [NODE...]", "Let placement use one or more drained nodes again")
                .flags(ClusterFlags.NODE_FLAGS).atLeast(1), false);
    }

    @Override
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        SchedulerApi scheduler = ClusterFlags.scheduler(args, context);
        for (String id : args.arguments()) {
            ClusterNode node = drain ? scheduler.drain(id) : scheduler.activate(id);
            context.out().println(node.id());
        }
        return 0;
    }
}
