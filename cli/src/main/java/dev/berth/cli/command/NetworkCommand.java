package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import java.util.List;

/** {@code berth network}: the networks containers attach to, with Docker's {@code docker network} verbs. */
public final class NetworkCommand implements CommandGroup {

    static final String NAME = "network";

    private static final CommandSpec SPEC = CommandSpec.verb(NAME, "COMMAND", "Manage networks");

    private static final List<Command> COMMANDS = List.of(
            new NetworkCreateCommand(), new NetworkInspectCommand(), new NetworkLsCommand(), new NetworkRmCommand());

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public List<Command> commands() {
        return COMMANDS;
    }
}
