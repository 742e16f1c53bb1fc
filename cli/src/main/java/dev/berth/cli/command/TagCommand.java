package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;

/** {@code berth tag}: another name for an image; a name that named another image moves, as in Docker. */
public final class TagCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("tag", "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
            "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE").exactly(2);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        context.images().tag(args.argument(0), args.argument(1));
        return 0;
    }
}
