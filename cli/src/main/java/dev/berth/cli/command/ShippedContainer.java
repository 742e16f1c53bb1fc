package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.http.AgentErrorException;
import dev.berth.cli.http.GatewayRefusalException;
import java.time.Duration;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * A container whose output the agent ships to log-service: its full id (what log-service files it under), its tenant,
 * and what the agent had still to send when asked.
 */
record ShippedContainer(String id, String tenant, JsonNode inspected) {

    private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{64}");
    /** How long {@code berth logs} waits for output written before it was asked for to reach log-service. */
    private static final Duration CATCH_UP = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(50);

    /**
     * Looks the container up on the agent by name or id. One the agent no longer knows (removed) is still in
     * log-service under its full id, which is then taken as given; so is one the gateway does not let a tenant look
     * up on the agent.
     */
    static ShippedContainer find(CommandContext context, String ref, String defaultTenant) {
        JsonNode inspected;
        try {
            inspected = context.containers().inspect(ref);
        } catch (AgentErrorException e) {
            boolean unknown = e.status() == 404 || e.status() == 403 && e instanceof GatewayRefusalException;
            if (unknown && FULL_ID.matcher(ref).matches()) {
                return new ShippedContainer(ref, defaultTenant, MissingNode.getInstance());
            }
            if (e.status() == 404) {
                throw new CliException(e.getMessage() + " (the logs of a removed container are read by its full id)");
            }
            throw e;
        }
        JsonNode tenant = inspected.path("config").path("labels").path("berth.tenant");
        return new ShippedContainer(inspected.path("id").asString(),
                tenant.isString() ? tenant.asString() : defaultTenant, inspected);
    }

    /**
     * Waits until what the container had written when asked has reached log-service, so that {@code berth logs}
     * right after a run shows all of it; after {@link #CATCH_UP} it says how much is missing and shows what is there.
     */
    void awaitShipped(CommandContext context) {
        long[] target = backlogEnds(inspected);
        if (target.length == 0) {
            return;
        }
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (true) {
            long missing = missing(target, context.containers().inspect(id));
            if (missing <= 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                context.error(missing + " bytes of the container's output have not reached log-service yet");
                return;
            }
            LogsCommand.sleep(POLL);
        }
    }

    /** Per stream, the bytes written by the time of {@code inspected}; empty if all of it was shipped then. */
    private static long[] backlogEnds(JsonNode inspected) {
        JsonNode shipping = inspected.path("logShipping");
        long[] written = new long[shipping.size()];
        boolean behind = false;
        int i = 0;
        for (JsonNode stream : shipping) {
            written[i++] = stream.path("written").asLong();
            behind |= stream.path("shipped").asLong() < stream.path("written").asLong();
        }
        return behind ? written : new long[0];
    }

    private static long missing(long[] target, JsonNode inspected) {
        long missing = 0;
        int i = 0;
        for (JsonNode stream : inspected.path("logShipping")) {
            if (i < target.length) {
                missing += Math.max(0, target[i++] - stream.path("shipped").asLong());
            }
        }
        return missing;
    }
}
