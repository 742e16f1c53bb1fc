package dev.berth.cli.command;

import dev.berth.cli.api.ContainerCreated;
import dev.berth.cli.api.ContainerSpec;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.http.AgentErrorException;
import dev.berth.cli.terminal.AttachSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code berth run}: create a container and start it, in the foreground or with {@code -d} in the background. A
 * start that fails because the entrypoint is missing or not executable exits 127 or 126, as the agent's problem
 * detail says; every other error exits 125.
 */
public final class RunCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("run", "[OPTIONS] IMAGE [COMMAND] [ARG...]",
                    "Create and run a new container from an image")
            .flags(withDetach())
            .atLeast(1)
            .stopAtFirstArgument()
            .failingWith(125);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) throws IOException {
        ContainerSpec spec = ContainerFlags.toSpec(args, context);
        try {
            if (args.flag("detach")) {
                ContainerCreated created = context.containers().create(spec, true);
                Warnings.print(created, context);
                context.out().println(created.id());
                return 0;
            }
            boolean stdin = args.flag("interactive");
            boolean tty = args.flag("tty");
            AttachSession.Options options = stdin || tty ? InteractiveSessions.options(args, stdin, tty) : null;
            ContainerCreated created = context.containers().create(spec, false);
            Warnings.print(created, context);
            if (options != null) {
                return new InteractiveRun(context).run(created.id(), options, args.flag("rm"));
            }
            return new ForegroundRun(context).run(created.id(), args.flag("rm"));
        } catch (AgentErrorException e) {
            Integer exitCode = e.problem().exitCode();
            if (exitCode == null) {
                throw e;
            }
            context.error(e.getMessage());
            return exitCode;
        }
    }

    private static List<Flag> withDetach() {
        List<Flag> flags = new ArrayList<>(ContainerFlags.FLAGS);
        flags.add(Flag.bool("detach", 'd', "Run container in background and print container ID"));
        flags.add(InteractiveSessions.DETACH_KEYS);
        return flags;
    }
}
