package dev.berth.cli.command;

import dev.berth.cli.api.LogQuery;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.stream.StreamDemuxer;
import java.io.IOException;
import java.io.InputStream;

/** {@code berth logs}: a container's stdout and stderr, each to the CLI's own, optionally followed. */
public final class LogsCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("logs", "[OPTIONS] CONTAINER",
                    "Fetch the logs of a container")
            .flags(
                    Flag.bool("follow", 'f', "Follow log output"),
                    Flag.value("since", null, "string",
                            "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 "
                                    + "minutes)"),
                    Flag.value("tail", null, "string", "Number of lines to show from the end of the logs "
                            + "(default \"all\")"),
                    Flag.bool("timestamps", 't', "Show timestamps"))
            .exactly(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) throws IOException {
        LogQuery query = new LogQuery(args.flag("follow"), args.value("tail"), args.value("since"),
                args.flag("timestamps"));
        try (InputStream stream = context.containers().logs(args.argument(0), query)) {
            new StreamDemuxer(context.console().stdout(), context.console().stderr()).copy(stream);
        }
        return 0;
    }
}
