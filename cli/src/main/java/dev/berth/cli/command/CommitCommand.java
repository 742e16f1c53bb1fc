package dev.berth.cli.command;

import dev.berth.cli.api.ImageCommitted;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;

/**
 * {@code berth commit}: a container's changes become a new image on top of its own, printed by id as Docker does. A
 * running container is paused (its cgroup frozen) while its files are read, unless {@code --pause=false}.
 */
public final class CommitCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("commit", "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
                    "Create a new image from a container's changes")
            .flags(Flag.list("change", 'c', "Apply Dockerfile instruction to the created image"),
                    Flag.value("message", 'm', "string", "Commit message"),
                    Flag.bool("pause", 'p', "Pause container during commit (default true)"))
            .arguments(1, 2);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        String repository = args.arguments().size() > 1 ? args.argument(1) : null;
        boolean pause = !args.has("pause") || args.flag("pause");
        ImageCommitted committed = context.containers().commit(args.argument(0), repository, args.value("message"),
                args.values("change"), pause);
        context.out().println(committed.id());
        return 0;
    }
}
