package dev.berth.cli.command;

import dev.berth.cli.api.TransferStep;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.TransferView;
import org.jspecify.annotations.Nullable;

/**
 * {@code berth pull}: the agent fetches the image from its registry (the node's default one, or the host the name
 * starts with), and its progress is drawn per layer, as {@code docker pull} does. A layer the node has already is not
 * fetched again.
 */
public final class PullCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("pull", "[OPTIONS] NAME[:TAG|@DIGEST]",
                    "Download an image from a registry")
            .flags(Flag.bool("quiet", 'q', "Suppress verbose output"))
            .exactly(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        boolean quiet = args.flag("quiet");
        Transfers.Outcome outcome = Transfers.run(context, args.argument(0), quiet, TransferView.Direction.PULL,
                "resolved", step -> tagOf(step.reference()) + ": Pulling from " + repositoryOf(step.reference()),
                context.images()::pull);
        TransferStep last = outcome.last();
        if (!quiet) {
            context.out().println("Digest: " + last.digest());
            context.out().println("Status: " + (outcome.moved() ? "Downloaded newer image for "
                    : "Image is up to date for ") + last.reference());
        }
        context.out().println(last.reference());
        return 0;
    }

    /** {@code host/repo:tag} → {@code tag}; a reference by digest shows the digest. */
    static String tagOf(@Nullable String reference) {
        if (reference == null) {
            return "";
        }
        int at = reference.indexOf('@');
        if (at >= 0) {
            return reference.substring(at + 1);
        }
        int colon = reference.lastIndexOf(':');
        return colon > reference.lastIndexOf('/') ? reference.substring(colon + 1) : "latest";
    }

    /** {@code host/repo:tag} → {@code host/repo}. */
    static String repositoryOf(@Nullable String reference) {
        if (reference == null) {
            return "";
        }
        int at = reference.indexOf('@');
        String name = at >= 0 ? reference.substring(0, at) : reference;
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
    }
}
