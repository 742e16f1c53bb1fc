package dev.berth.cli.command;

import dev.berth.cli.ClientVersion;
import dev.berth.cli.api.NodeInfo;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code berth version}: the client's version, then the agent's. As with Docker, the client part prints even when
 * the agent cannot be reached, and the error follows it.
 */
public final class VersionCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("version", "", "Show the Berth version information")
            .noArguments();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        PrintStream out = context.out();
        out.println("Client:");
        out.println(" Version:      " + ClientVersion.current());
        out.println(" Java version: " + Runtime.version());
        out.println(" OS/Arch:      " + System.getProperty("os.name").toLowerCase(Locale.ROOT) + "/"
                + System.getProperty("os.arch"));
        out.println(" Agent:        " + context.agentAddress());
        out.println();
        // The client part shows before a slow or absent agent is asked.
        context.console().flush();
        NodeInfo info = context.node().info();
        out.println("Server:");
        out.println(" Version:        " + info.version());
        out.println(" Kernel:         " + info.kernel());
        out.println(" Launch mode:    " + info.launchMode());
        out.println(" Cgroup version: " + info.cgroupVersion());
        return 0;
    }
}
