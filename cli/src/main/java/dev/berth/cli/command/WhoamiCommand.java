package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.gateway.Whoami;

/** {@code berth whoami}: the tenant, principal and scopes of the token the CLI presents, as the gateway sees them. */
public final class WhoamiCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("whoami", "[OPTIONS]",
                    "Show the tenant and principal of the API token in use")
            .flags(JsonFormat.FLAG)
            .noArguments();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        Whoami caller = context.gateway().whoami();
        if (JsonFormat.requested(args)) {
            JsonFormat.print(context, caller);
            return 0;
        }
        context.out().println("Gateway:         " + context.endpoint().address());
        context.out().println("Tenant:          " + caller.tenant());
        context.out().println("Principal:       " + caller.principal());
        context.out().println("Token:           " + caller.token());
        context.out().println("Scopes:          " + String.join(", ", caller.scopes()));
        context.out().println("Platform admin:  " + (caller.platformAdmin() ? "yes" : "no"));
        return 0;
    }
}
