package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.gateway.GatewayApi;

/** {@code berth token revoke ID...}: each token is refused from its next request on; prints each id. */
public final class TokenRevokeCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(TokenCommand.NAME + " revoke", "ID [ID...]",
                    "Revoke one or more API tokens")
            .atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        GatewayApi gateway = context.gateway();
        for (String id : args.arguments()) {
            gateway.revokeToken(id);
            context.out().println(id);
        }
        return 0;
    }
}
