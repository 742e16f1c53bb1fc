package dev.berth.cli.command;

import dev.berth.cli.api.NetworkCreated;
import dev.berth.cli.api.NetworkSpec;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;

/**
 * {@code berth network create}: a bridge network of its own, on which containers reach each other by name; prints
 * its id. The subnet and gateway are checked by the agent, which also knows what overlaps.
 */
public final class NetworkCreateCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(NetworkCommand.NAME + " create", "[OPTIONS] NETWORK",
                    "Create a network")
            .flags(
                    Flag.value("gateway", null, "string", "IPv4 gateway for the subnet (default: its first address)"),
                    Flag.value("subnet", null, "string",
                            "Subnet in CIDR format, /30 or larger (default: the next free /24 of the agent's pool)"))
            .exactly(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        NetworkCreated created = context.networks()
                .create(new NetworkSpec(args.argument(0), args.value("subnet"), args.value("gateway")));
        Warnings.print(created.warningsOrEmpty(), context);
        context.out().println(created.id());
        return 0;
    }
}
