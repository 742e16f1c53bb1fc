package dev.berth.cli.command;

import dev.berth.cli.ClientVersion;
import dev.berth.cli.api.NodeInfo;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.ByteSize;
import java.io.PrintStream;
import org.jspecify.annotations.Nullable;

/** {@code berth info}: the client, then the node the agent runs on, laid out like {@code docker info}. */
public final class InfoCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("info", "", "Display system-wide information")
            .noArguments();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        PrintStream out = context.out();
        out.println("Client:");
        out.println(" Version:    " + ClientVersion.current());
        out.println(" Agent:      " + context.agentAddress());
        out.println();
        NodeInfo info = context.node().info();
        int containers = orZero(info.containers());
        int running = orZero(info.running());
        out.println("Server:");
        out.println(" Containers: " + containers);
        out.println("  Running: " + running);
        out.println("  Stopped: " + (containers - running));
        out.println(" Images: " + orZero(info.images()));
        out.println(" Server Version: " + orUnknown(info.version()));
        out.println(" Launch Mode: " + orUnknown(info.launchMode()));
        out.println(" Cgroup Version: " + orUnknown(info.cgroupVersion()));
        out.println(" Kernel Version: " + orUnknown(info.kernel()));
        out.println(" CPUs: " + orZero(info.cpus()));
        out.println(" Total Memory: " + (info.memory() == null ? "unknown" : ByteSize.binary(info.memory())));
        return 0;
    }

    private static int orZero(@Nullable Integer count) {
        return count == null ? 0 : count;
    }

    private static String orUnknown(@Nullable String text) {
        return text == null ? "unknown" : text;
    }
}
