package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;

/**
 * {@code berth logout}: removes the token and the gateway's address from {@code ~/.berth/config.json}, so that the
 * CLI talks to the local node agent again.
 */
public final class LogoutCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb("logout", "", "Log out from the Berth api-gateway")
            .noArguments();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        String host = context.configFile().logout();
        context.out().println(host == null ? "Not logged in" : "Removing login credentials for " + host);
        return 0;
    }
}
