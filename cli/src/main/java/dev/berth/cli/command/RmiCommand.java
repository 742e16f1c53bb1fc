package dev.berth.cli.command;

import dev.berth.cli.api.ImageDeletion;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import java.util.stream.Collectors;

/** {@code berth rmi}: untags images and deletes those left without a tag, printing each step as Docker does. */
public final class RmiCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("rmi", "[OPTIONS] IMAGE [IMAGE...]",
                    "Remove one or more images")
            .flags(Flag.bool("force", 'f', "Force removal of the image"))
            .atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        boolean force = args.flag("force");
        return EachTarget.apply(args.arguments(), context, ref -> context.images().remove(ref, force).stream()
                .map(ImageDeletion::describe)
                .collect(Collectors.joining(System.lineSeparator())));
    }
}
