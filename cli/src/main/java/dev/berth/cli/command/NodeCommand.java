package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import java.util.List;

/** {@code berth node}: the cluster's nodes as the scheduler sees them, and taking them out of service and back. */
public final class NodeCommand implements CommandGroup {

    static final String NAME = "node";

    private static final CommandSpec SPEC = CommandSpec.verb(NAME, "COMMAND", "Manage the cluster's nodes");

    private static final List<Command> COMMANDS = List.of(
            NodeAvailabilityCommand.activate(), NodeAvailabilityCommand.drain(), new NodeInspectCommand(),
            new NodeLsCommand());

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public List<Command> commands() {
        return COMMANDS;
    }
}
