package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import java.util.List;

/** {@code berth token}: API tokens of the gateway, managed with an admin token of the tenant or of the platform. */
public final class TokenCommand implements CommandGroup {

    static final String NAME = "token";

    private static final CommandSpec SPEC = CommandSpec.verb(NAME, "COMMAND", "Manage API tokens");

    private static final List<Command> COMMANDS = List.of(
            new TokenCreateCommand(), new TokenLsCommand(), new TokenRevokeCommand());

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public List<Command> commands() {
        return COMMANDS;
    }
}
