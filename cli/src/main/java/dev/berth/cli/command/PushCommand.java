package dev.berth.cli.command;

import dev.berth.cli.api.TransferStep;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.TransferView;

/**
 * {@code berth push}: the agent sends an image of the node to its registry (the default one, or the host the name
 * starts with), skipping the layers the registry has already, and its progress is drawn per layer.
 */
public final class PushCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("push", "[OPTIONS] NAME[:TAG]",
                    "Upload an image to a registry")
            .flags(Flag.bool("quiet", 'q', "Suppress verbose output"))
            .exactly(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        TransferStep last = Transfers.run(context, args.argument(0), args.flag("quiet"), TransferView.Direction.PUSH,
                "preparing", step -> "The push refers to repository ["
                        + PullCommand.repositoryOf(step.reference()) + "]", context.images()::push).last();
        context.out().println(PullCommand.tagOf(last.reference()) + ": digest: " + last.digest());
        return 0;
    }
}
