package dev.berth.cli.command;

import dev.berth.cli.api.ContainerSummary;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.Cell;
import dev.berth.cli.format.HumanDuration;
import dev.berth.cli.format.Table;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code berth ps}: the containers in Docker's table, or only their short ids with {@code -q}. */
public final class PsCommand implements Command {

    /** Docker cuts the command to this many characters, the ellipsis included. */
    private static final int COMMAND_WIDTH = 20;

    private static final CommandSpec SPEC = CommandSpec.verb("ps", "[OPTIONS]", "List containers")
            .flags(
                    Flag.bool("all", 'a', "Show all containers (default shows just running)"),
                    Flag.bool("quiet", 'q', "Only display container IDs"),
                    JsonFormat.FLAG)
            .noArguments();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        boolean json = JsonFormat.requested(args);
        List<ContainerSummary> containers = context.containers().list(args.flag("all"));
        if (json) {
            JsonFormat.print(context, containers);
            return 0;
        }
        if (args.flag("quiet")) {
            containers.forEach(container -> context.out().println(Cell.shortId(container.id())));
            return 0;
        }
        Instant now = context.now();
        Table table = new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
        for (ContainerSummary container : containers) {
            table.row(
                    Cell.shortId(container.id()),
                    image(container.image()),
                    Cell.quoted(Cell.ellipsis(orEmpty(container.command()), COMMAND_WIDTH)),
                    HumanDuration.ago(container.created(), now),
                    orEmpty(container.status()),
                    PortsColumn.format(container.portsOrEmpty()),
                    orEmpty(container.name()));
        }
        context.out().print(table.render());
        return 0;
    }

    /** A container made from an image id shows that id short, as Docker does. */
    private static String image(@Nullable String image) {
        return image != null && image.startsWith("sha256:") ? Cell.shortId(image) : orEmpty(image);
    }

    private static String orEmpty(@Nullable String text) {
        return text == null ? "" : text;
    }
}
