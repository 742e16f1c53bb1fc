package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import java.util.List;

/** {@code berth quota}: a tenant's limits on cpu, memory, containers and image storage, through the gateway. */
public final class QuotaCommand implements CommandGroup {

    static final String NAME = "quota";

    private static final CommandSpec SPEC = CommandSpec.verb(NAME, "COMMAND", "Show or set a tenant's quota");

    private static final List<Command> COMMANDS = List.of(new QuotaShowCommand(), new QuotaSetCommand());

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public List<Command> commands() {
        return COMMANDS;
    }
}
