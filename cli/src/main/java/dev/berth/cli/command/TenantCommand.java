package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import java.util.List;

/** {@code berth tenant}: the platform's tenants, managed with a platform admin's token through the gateway. */
public final class TenantCommand implements CommandGroup {

    static final String NAME = "tenant";

    private static final CommandSpec SPEC = CommandSpec.verb(NAME, "COMMAND", "Manage tenants (platform admins)");

    private static final List<Command> COMMANDS = List.of(new TenantCreateCommand(), new TenantLsCommand());

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public List<Command> commands() {
        return COMMANDS;
    }
}
