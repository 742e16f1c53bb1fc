package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.cluster.SchedulerApi;
import dev.berth.cli.format.PrettyJson;
import dev.berth.cli.http.Json;
import tools.jackson.databind.node.ArrayNode;

/** {@code berth node inspect}: the scheduler's record of nodes, as one JSON array like {@code docker node inspect}. */
public final class NodeInspectCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(NodeCommand.NAME + " inspect",
                    "[OPTIONS] NODE [NODE...]", "Display detailed information on one or more nodes")
            .flags(ClusterFlags.NODE_FLAGS)
            .atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        SchedulerApi scheduler = ClusterFlags.scheduler(args, context);
        ArrayNode found = Json.mapper().createArrayNode();
        for (String id : args.arguments()) {
            found.add(scheduler.nodeTree(id));
        }
        context.out().println(PrettyJson.format(found));
        return 0;
    }
}
