package dev.berth.cli.command;

import dev.berth.cli.api.HistoryStep;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.ByteSize;
import dev.berth.cli.format.Cell;
import dev.berth.cli.format.HumanDuration;
import dev.berth.cli.format.Table;
import java.time.Instant;
import java.util.List;

/**
 * {@code berth history}: the steps that made an image, newest first, in Docker's table. A step whose image is not on
 * this node shows as {@code <missing>}, and the command is cut to 45 characters unless {@code --no-trunc}.
 */
public final class HistoryCommand implements Command {

    private static final String MISSING = "<missing>";
    private static final int CREATED_BY_WIDTH = 45;

    private static final CommandSpec SPEC = CommandSpec.verb("history", "[OPTIONS] IMAGE", "Show the history of an image")
            .flags(Flag.bool("no-trunc", null, "Don't truncate output"),
                    Flag.bool("quiet", 'q', "Only show image IDs"))
            .exactly(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        boolean full = args.flag("no-trunc");
        List<HistoryStep> steps = context.images().history(args.argument(0));
        if (args.flag("quiet")) {
            steps.forEach(step -> context.out().println(image(step, full)));
            return 0;
        }
        Instant now = context.now();
        Table table = new Table("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT");
        for (HistoryStep step : steps) {
            String createdBy = step.createdBy() == null ? "" : step.createdBy();
            table.row(image(step, full),
                    HumanDuration.ago(step.created(), now),
                    full ? createdBy : Cell.ellipsis(createdBy, CREATED_BY_WIDTH),
                    ByteSize.decimal(step.size() == null ? 0 : step.size()),
                    step.comment() == null ? "" : step.comment());
        }
        context.out().print(table.render());
        return 0;
    }

    private static String image(HistoryStep step, boolean full) {
        if (step.id() == null) {
            return MISSING;
        }
        return full ? step.id() : Cell.shortId(step.id());
    }
}
