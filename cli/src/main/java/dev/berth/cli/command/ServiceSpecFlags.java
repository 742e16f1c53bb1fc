package dev.berth.cli.command;

import dev.berth.cli.api.PortSpec;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.http.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A one-service spec from {@code app create}'s flags, in the scheduler's spec form ({@code scheduler/README.md}):
 * {@code --env K=V} into {@code env}, {@code -p [hostPort:]containerPort[/proto]} into {@code ports}, and
 * {@code --cpus} and {@code --memory} as both the request placement reserves and the limit the node enforces, as
 * Docker's flags of those names set a limit. Only the form of each value is checked here; the scheduler validates
 * the spec.
 */
final class ServiceSpecFlags {

    /** Docker's memory units ({@code 64m}, {@code 1g}) are powers of 1024; the scheduler's are spelt {@code Mi}. */
    private static final Pattern DOCKER_MEMORY = Pattern.compile("([0-9]+)([bkmgt])?b?", Pattern.CASE_INSENSITIVE);

    private ServiceSpecFlags() {
    }

    static ObjectNode spec(String image, @Nullable Integer replicas, List<String> env, @Nullable BigDecimal cpus,
                           @Nullable String memory, List<String> publish) {
        ObjectNode spec = Json.mapper().createObjectNode();
        spec.put("image", image);
        if (replicas != null) {
            spec.put("replicas", replicas);
        }
        if (!env.isEmpty()) {
            ObjectNode variables = spec.putObject("env");
            for (String entry : env) {
                int equals = entry.indexOf('=');
                if (equals <= 0) {
                    throw new UsageException("invalid argument \"" + entry + "\" for \"-e, --env\" flag: expected"
                            + " KEY=VALUE");
                }
                variables.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        if (cpus != null || memory != null) {
            ObjectNode resources = spec.putObject("resources");
            if (cpus != null) {
                if (cpus.signum() <= 0) {
                    throw new UsageException("invalid argument \"" + cpus.toPlainString()
                            + "\" for \"--cpus\" flag: must be more than 0");
                }
                String cores = cpus.stripTrailingZeros().toPlainString();
                resources.putObject("cpu").put("request", cores).put("limit", cores);
            }
            if (memory != null) {
                String bytes = memory(memory);
                resources.putObject("memory").put("request", bytes).put("limit", bytes);
            }
        }
        if (!publish.isEmpty()) {
            ArrayNode ports = spec.putArray("ports");
            for (String value : publish) {
                PortSpec port = PublishSpec.parse(value);
                if (port.hostIp() != null) {
                    throw new UsageException("invalid argument \"" + value + "\" for \"-p, --publish\" flag: a"
                            + " service's port is published on every address of its node; leave out the address");
                }
                ObjectNode entry = ports.addObject().put("container", port.containerPort());
                if (port.hostPort() != null && port.hostPort() != 0) {
                    entry.put("host", port.hostPort());
                }
                entry.put("protocol", port.protocol());
            }
        }
        return spec;
    }

    /** Docker's {@code 64m} or {@code 1g} as bytes; anything else ({@code 256Mi}) as the scheduler reads it. */
    static String memory(String value) {
        Matcher docker = DOCKER_MEMORY.matcher(value.strip());
        if (!docker.matches()) {
            return value.strip();
        }
        long amount = Long.parseLong(docker.group(1));
        String unit = docker.group(2) == null ? "b" : docker.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return Long.toString(amount << shift);
    }
}
