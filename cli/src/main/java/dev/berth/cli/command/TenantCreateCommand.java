package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;

/** {@code berth tenant create NAME}: a new tenant, whose name is also its registry namespace; prints the name. */
public final class TenantCreateCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(TenantCommand.NAME + " create", "NAME",
                    "Create a tenant")
            .exactly(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        context.out().println(context.gateway().createTenant(args.argument(0)).name());
        return 0;
    }
}
