package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.cluster.ClusterNode;
import dev.berth.cli.format.NaturalOrder;
import java.util.Comparator;
import java.util.List;

/**
 * {@code berth node ls}: every node with its status (up, or down once silent past the scheduler's grace), its
 * availability (active, or drain), cpu and memory allocated of its capacity, and its replica count.
 */
public final class NodeLsCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(NodeCommand.NAME + " ls", "[OPTIONS]", "List nodes")
            .flags(ClusterFlags.withNode(Flag.bool("quiet", 'q', "Only display node IDs"), JsonFormat.FLAG))
            .noArguments();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        boolean json = JsonFormat.requested(args);
        List<ClusterNode> nodes = ClusterFlags.scheduler(args, context).nodes().stream()
                .sorted(Comparator.comparing(ClusterNode::id, NaturalOrder.INSTANCE))
                .toList();
        if (json) {
            JsonFormat.print(context, nodes);
            return 0;
        }
        if (args.flag("quiet")) {
            nodes.forEach(node -> context.out().println(node.id()));
            return 0;
        }
        context.out().print(ClusterTables.nodes(nodes).render());
        return 0;
    }
}
