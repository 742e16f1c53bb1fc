package dev.berth.cli.command;

import dev.berth.cli.api.ExecSpec;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.terminal.AttachSession;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code berth exec}: runs a command inside a running container, in its namespaces, root and cgroup, as its user
 * unless {@code -u} says otherwise. Attached, the CLI exits with the command's exit code; with {@code -d} it returns
 * at once.
 */
public final class ExecCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("exec", "[OPTIONS] CONTAINER COMMAND [ARG...]",
                    "Execute a command in a running container")
            .flags(
                    Flag.bool("detach", 'd', "Detached mode: run command in the background"),
                    InteractiveSessions.DETACH_KEYS,
                    Flag.list("env", 'e', "Set environment variables"),
                    Flag.bool("interactive", 'i', "Keep STDIN open and feed it to the command"),
                    Flag.bool("tty", 't', "Allocate a pseudo-TTY"),
                    Flag.value("user", 'u', "string", "Username or UID (format: <name|uid>[:<group|gid>])"),
                    Flag.value("workdir", 'w', "string", "Working directory inside the container"))
            .atLeast(2)
            .stopAtFirstArgument();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        String container = args.argument(0);
        List<String> cmd = new ArrayList<>(args.arguments().subList(1, args.arguments().size()));
        boolean detach = args.flag("detach");
        boolean stdin = args.flag("interactive") && !detach;
        boolean tty = args.flag("tty");
        List<String> env = args.values("env").isEmpty() ? null : args.values("env");
        ExecSpec spec = new ExecSpec(cmd, env, args.value("workdir"), args.value("user"), tty, stdin, detach);
        AttachSession.Options options = detach ? null : InteractiveSessions.options(args, stdin, tty);
        String id = context.execs().create(container, spec);
        if (detach) {
            context.execs().start(id);
            return 0;
        }
        int[] size = InteractiveSessions.localSize(tty);
        if (size != null) {
            context.execs().resize(id, size[0], size[1]);
        }
        return context.execs().attach(id, context.console(), options).run(context.signals());
    }
}
