package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.api.LogQuery;
import dev.berth.cli.api.LogSelection;
import dev.berth.cli.api.LogServiceApi;
import dev.berth.cli.api.NodeInfo;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.cluster.SchedulerAddress;
import dev.berth.cli.http.AgentErrorException;
import dev.berth.cli.http.GatewayRefusalException;
import dev.berth.cli.stream.StreamDemuxer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * {@code berth logs}: a container's or an app's stdout and stderr, each to the CLI's own, in the order they were
 * written, optionally followed.
 *
 * <p>Where the agent ships its containers' output to log-service (its {@code /v1/info} says where), the lines come
 * from there: any container of the tenant's, even one that is gone, and any app's, with {@code --grep}. A follow then
 * runs until interrupted and outlives a restart of log-service, resuming after the last batch it printed. An agent
 * that ships nowhere is read directly, as before, for one container. Through the api-gateway (with a token) a
 * platform admin reads one container from the agent behind it; a tenant, whom the gateway keeps from the agent, reads
 * from log-service behind it, as the token's tenant, and names a container by its full id; so does {@code --app}.
 */
public final class LogsCommand implements Command {

    private static final Duration RETRY = Duration.ofMillis(250);
    private static final Duration WARN_AFTER = Duration.ofSeconds(5);

    private static final CommandSpec SPEC = CommandSpec.verb("logs", "[OPTIONS] CONTAINER | --app APP",
                    "Fetch the logs of a container, or of all the containers of an app")
            .flags(
                    Flag.value("app", null, "string", "Show the logs of all the containers of an app"),
                    Flag.bool("follow", 'f', "Follow log output"),
                    Flag.value("grep", null, "string", "Show only the lines that match a regular expression"),
                    Flag.value("since", null, "string",
                            "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 "
                                    + "minutes)"),
                    Flag.value("tail", null, "string", "Number of lines to show from the end of the logs "
                            + "(default \"all\")"),
                    Flag.bool("timestamps", 't', "Show timestamps"),
                    Flag.value("until", null, "string",
                            "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 "
                                    + "minutes)"))
            .arguments(0, 1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) throws IOException {
        String app = args.value("app");
        String container = args.arguments().isEmpty() ? null : args.argument(0);
        if ((app == null) == (container == null)) {
            throw new UsageException("\"berth logs\" reads one container, or an app's containers with --app: give "
                    + (app == null ? "one of them" : "not both"));
        }
        String service;
        String defaultTenant;
        if (context.endpoint().viaGateway()) {
            if (container != null && args.value("grep") == null && args.value("until") == null) {
                try {
                    // A platform admin reads the agent's own files, through the gateway, whatever the tenant.
                    return direct(args, container, context);
                } catch (GatewayRefusalException e) {
                    if (e.status() != 403) {
                        throw e;
                    }
                }
            }
            // log-service is behind the gateway, which sets the tenant to the token's.
            service = context.endpoint().address().toString();
            defaultTenant = SchedulerAddress.DEFAULT_TENANT;
        } else {
            NodeInfo.Logs shipping = context.node().info().logs();
            service = shipping == null ? null : shipping.service();
            if (service == null) {
                return direct(args, container, context);
            }
            defaultTenant = shipping.tenant() != null ? shipping.tenant() : SchedulerAddress.DEFAULT_TENANT;
        }
        LogSelection selection;
        if (container != null) {
            ShippedContainer shipped = ShippedContainer.find(context, container, defaultTenant);
            shipped.awaitShipped(context);
            selection = selection(args, shipped.tenant(), shipped.id(), null);
        } else {
            selection = selection(args, defaultTenant, null, app);
        }
        LogServiceApi logs = context.logService(service);
        StreamDemuxer plain = new StreamDemuxer(context.console().stdout(), context.console().stderr());
        if (!selection.follow()) {
            try (InputStream stream = logs.read(selection, null)) {
                plain.copy(stream);
            }
            return 0;
        }
        follow(logs, selection, service, context);
        return 0;
    }

    private static LogSelection selection(ParsedArgs args, String tenant, @Nullable String container,
                                          @Nullable String app) {
        return new LogSelection(tenant, container, app, args.flag("follow"), args.value("tail"), args.value("since"),
                args.value("until"), args.value("grep"), args.flag("timestamps"));
    }

    /**
     * Follows until interrupted. A batch is printed once log-service has sent the cursor after it; when the
     * connection breaks (log-service restarts, the network drops) the follow resumes after the last such cursor, so
     * that no line is lost or printed twice. A refusal (a bad query, an unknown container) ends it.
     */
    private static void follow(LogServiceApi logs, LogSelection selection, String service, CommandContext context)
            throws IOException {
        String[] cursor = {null};
        long failingSince = 0;
        boolean warned = false;
        while (true) {
            try (InputStream stream = logs.read(selection, cursor[0])) {
                failingSince = 0;
                StreamDemuxer.withCursors(context.console().stdout(), context.console().stderr(),
                        next -> cursor[0] = next).copy(stream);
            } catch (AgentErrorException e) {
                if (e.status() < 500) {
                    throw e;
                }
            } catch (CliException | IOException e) {
                // Unreachable or cut off: try again from the last cursor.
            }
            long now = System.nanoTime();
            if (failingSince == 0) {
                failingSince = now;
            } else if (!warned && now - failingSince > WARN_AFTER.toNanos()) {
                context.error("log-service at " + service + " does not answer; still trying (Ctrl-C stops)");
                warned = true;
            }
            sleep(RETRY);
        }
    }

    /** From the agent itself, which keeps each container's output on its disk. */
    private static int direct(ParsedArgs args, @Nullable String container, CommandContext context)
            throws IOException {
        for (String needsService : new String[] {"app", "grep", "until"}) {
            if (args.value(needsService) != null) {
                throw new UsageException("--" + needsService + " needs log-service, and the agent at "
                        + context.agentAddress() + " ships its logs nowhere (berth.agent.logs.service is empty)");
            }
        }
        LogQuery query = new LogQuery(args.flag("follow"), args.value("tail"), args.value("since"),
                args.flag("timestamps"));
        try (InputStream stream = context.containers().logs(container, query)) {
            new StreamDemuxer(context.console().stdout(), context.console().stderr()).copy(stream);
        }
        return 0;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
