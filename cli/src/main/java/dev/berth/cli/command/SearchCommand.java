package dev.berth.cli.command;

import dev.berth.cli.api.SearchResult;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.ByteSize;
import dev.berth.cli.format.Cell;
import dev.berth.cli.format.HumanDuration;
import dev.berth.cli.format.Table;
import java.time.Instant;

/**
 * {@code berth search}: the repositories of the node's registry whose names contain the term, one row per tag, with
 * its digest, its size as pushed (config and layers), its layer count and when it was pushed. A repository without
 * tags has one row of its own.
 */
public final class SearchCommand implements Command {

    private static final int DEFAULT_LIMIT = 25;

    private static final CommandSpec SPEC = CommandSpec.verb("search", "[OPTIONS] TERM",
                    "Search the registry for images")
            .flags(Flag.value("limit", null, "int", "Max number of repositories (default 25)"),
                    Flag.bool("no-trunc", null, "Don't truncate output"), JsonFormat.FLAG)
            .exactly(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        Integer given = args.intValue("limit");
        int limit = given == null ? DEFAULT_LIMIT : given;
        boolean full = args.flag("no-trunc");
        boolean json = JsonFormat.requested(args);
        SearchResult result = context.images().search(args.argument(0), limit);
        if (json) {
            JsonFormat.print(context, result.repositories());
            return 0;
        }
        Instant now = context.now();
        Table table = new Table("NAME", "TAG", "DIGEST", "SIZE", "LAYERS", "PUSHED");
        for (SearchResult.Repository repository : result.repositories()) {
            if (repository.tags().isEmpty()) {
                table.row(repository.name(), "<none>", "", "", "", "");
            }
            for (SearchResult.Tag tag : repository.tags()) {
                table.row(repository.name(), tag.name(), full ? tag.digest() : "sha256:" + Cell.shortId(tag.digest()),
                        ByteSize.decimal(tag.size()), Integer.toString(tag.layers()),
                        HumanDuration.ago(tag.pushedAt(), now));
            }
        }
        context.out().print(table.render());
        return 0;
    }
}
