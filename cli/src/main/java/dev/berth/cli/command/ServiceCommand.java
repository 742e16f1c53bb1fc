package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import java.util.List;

/** {@code berth service}: an app's services, their replicas and their versions, with Docker's service verbs. */
public final class ServiceCommand implements CommandGroup {

    static final String NAME = "service";

    private static final CommandSpec SPEC = CommandSpec.verb(NAME, "COMMAND", "Manage an app's services");

    private static final List<Command> COMMANDS = List.of(
            new ServiceLsCommand(), new ServicePsCommand(), new ServiceScaleCommand(), new ServiceVersionsCommand());

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public List<Command> commands() {
        return COMMANDS;
    }
}
