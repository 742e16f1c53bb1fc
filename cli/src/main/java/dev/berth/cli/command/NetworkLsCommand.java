package dev.berth.cli.command;

import dev.berth.cli.api.NetworkSummary;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.Cell;
import dev.berth.cli.format.NaturalOrder;
import dev.berth.cli.format.Table;
import java.util.Comparator;
import java.util.List;

/**
 * {@code berth network ls}: every network in Docker's table, sorted by name as Docker sorts it (the agent lists them
 * oldest first), or only their short ids with {@code -q}.
 */
public final class NetworkLsCommand implements Command {

    /** What Docker shows for the driver of {@code none}, which has none. */
    private static final String NO_DRIVER = "null";

    private static final CommandSpec SPEC = CommandSpec.verb(NetworkCommand.NAME + " ls", "[OPTIONS]",
                    "List networks")
            .flags(Flag.bool("quiet", 'q', "Only display network IDs"), JsonFormat.FLAG)
            .noArguments();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        boolean json = JsonFormat.requested(args);
        List<NetworkSummary> networks = context.networks().list().stream()
                .sorted(Comparator.comparing(NetworkSummary::name, NaturalOrder.INSTANCE))
                .toList();
        if (json) {
            JsonFormat.print(context, networks);
            return 0;
        }
        if (args.flag("quiet")) {
            networks.forEach(network -> context.out().println(Cell.shortId(network.id())));
            return 0;
        }
        Table table = new Table("NETWORK ID", "NAME", "DRIVER", "SCOPE");
        for (NetworkSummary network : networks) {
            table.row(
                    Cell.shortId(network.id()),
                    network.name(),
                    network.driver() == null ? NO_DRIVER : network.driver(),
                    network.scope() == null ? "" : network.scope());
        }
        context.out().print(table.render());
        return 0;
    }
}
