package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.cluster.SchedulerApi;
import dev.berth.cli.format.PrettyJson;
import dev.berth.cli.http.Json;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@code berth app inspect}: the scheduler's description of apps (each service's current version, spec in its stored
 * form, rollout state and replica counts), as one JSON array indented like {@code docker service inspect}.
 */
public final class AppInspectCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(AppCommand.NAME + " inspect", "[OPTIONS] APP [APP...]",
                    "Display detailed information on one or more apps")
            .flags(ClusterFlags.FLAGS)
            .atLeast(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        SchedulerApi scheduler = ClusterFlags.scheduler(args, context);
        ArrayNode found = Json.mapper().createArrayNode();
        for (String app : args.arguments()) {
            found.add(scheduler.appTree(app));
        }
        context.out().println(PrettyJson.format(found));
        return 0;
    }
}
