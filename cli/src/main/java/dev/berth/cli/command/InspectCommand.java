package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.PrettyJson;
import dev.berth.cli.http.AgentErrorException;
import dev.berth.cli.http.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@code berth inspect}: the agent's description of containers, images or networks as one JSON array, indented like
 * {@code docker inspect}. A name is looked up as a container first, then as an image, then as a network, in Docker's
 * order. A container's description is printed as the agent sent it, {@code networkSettings} included.
 */
public final class InspectCommand implements Command {

    private static final int NOT_FOUND = 404;

    private static final CommandSpec SPEC = CommandSpec.verb("inspect", "CONTAINER|IMAGE [CONTAINER|IMAGE...]",
            "Return low-level information on Berth objects").atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        ArrayNode found = Json.mapper().createArrayNode();
        int exitCode = 0;
        for (String ref : args.arguments()) {
            JsonNode description = describe(ref, context);
            if (description == null) {
                context.console().err().println("Error: No such object: " + ref);
                exitCode = 1;
            } else {
                found.add(description);
            }
        }
        context.out().println(PrettyJson.format(found));
        return exitCode;
    }

    private static @Nullable JsonNode describe(String ref, CommandContext context) {
        try {
            return context.containers().inspect(ref);
        } catch (AgentErrorException e) {
            if (e.status() != NOT_FOUND) {
                throw e;
            }
        }
        try {
            return context.images().inspect(ref);
        } catch (AgentErrorException e) {
            if (e.status() != NOT_FOUND) {
                throw e;
            }
        }
        try {
            return context.networks().inspect(ref);
        } catch (AgentErrorException e) {
            if (e.status() != NOT_FOUND) {
                throw e;
            }
            return null;
        }
    }
}
