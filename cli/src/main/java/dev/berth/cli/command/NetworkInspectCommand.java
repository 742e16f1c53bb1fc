package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.PrettyJson;
import dev.berth.cli.http.AgentErrorException;
import dev.berth.cli.http.Json;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@code berth network inspect}: the agent's description of networks, with the containers attached, as one JSON
 * array indented like {@code docker network inspect}. A network that does not exist is reported and the others are
 * still shown.
 */
public final class NetworkInspectCommand implements Command {

    private static final int NOT_FOUND = 404;

    private static final CommandSpec SPEC = CommandSpec.verb(NetworkCommand.NAME + " inspect",
            "NETWORK [NETWORK...]", "Display detailed information on one or more networks").atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        ArrayNode found = Json.mapper().createArrayNode();
        int exitCode = 0;
        for (String ref : args.arguments()) {
            try {
                found.add(context.networks().inspect(ref));
            } catch (AgentErrorException e) {
                if (e.status() != NOT_FOUND) {
                    throw e;
                }
                context.console().err().println("Error: No such network: " + ref);
                exitCode = 1;
            }
        }
        context.out().println(PrettyJson.format(found));
        return exitCode;
    }
}
