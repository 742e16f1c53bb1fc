package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import java.util.List;

/** {@code berth app}: a tenant's apps on the cluster, each a set of services the scheduler keeps running. */
public final class AppCommand implements CommandGroup {

    static final String NAME = "app";

    private static final CommandSpec SPEC = CommandSpec.verb(NAME, "COMMAND", "Manage apps on the cluster");

    private static final List<Command> COMMANDS = List.of(
            new AppCreateCommand(), new AppInspectCommand(), new AppLsCommand(), new AppRmCommand());

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public List<Command> commands() {
        return COMMANDS;
    }
}
