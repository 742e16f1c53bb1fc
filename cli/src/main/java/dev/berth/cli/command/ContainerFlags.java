package dev.berth.cli.command;

import dev.berth.cli.api.ContainerSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The flags {@code run} and {@code create} share, and how they become the agent's create request. */
final class ContainerFlags {

    static final List<Flag> FLAGS = List.of(
            Flag.value("cpus", null, "decimal", "Number of CPUs"),
            Flag.value("entrypoint", null, "string", "Overwrite the default ENTRYPOINT of the image"),
            Flag.list("env", 'e', "Set environment variables"),
            Flag.value("hostname", 'h', "string", "Container host name"),
            Flag.bool("init", null, "Run an init inside the container that forwards signals and reaps processes"),
            Flag.bool("interactive", 'i', "Keep STDIN open and feed it from the attached client"),
            Flag.list("label", 'l', "Set meta data on a container (KEY=VALUE; berth.app names its app)"),
            Flag.bool("log-stdin", null, "Keep what is sent to STDIN in the container's logs (needs -i)"),
            Flag.value("memory", 'm', "bytes", "Memory limit (at least 6m)"),
            Flag.value("name", null, "string", "Assign a name to the container"),
            Flag.value("network", null, "network",
                    "Connect a container to a network: bridge (default), none, host, or a network's name or id"),
            Flag.value("pids-limit", null, "int", "Tune container pids limit (0 for unlimited)"),
            Flag.list("publish", 'p', "Publish a container's port to the host: " + PublishSpec.FORM),
            Flag.bool("rm", null, "Automatically remove the container when it exits"),
            Flag.bool("tty", 't', "Allocate a pseudo-TTY"),
            Flag.value("user", 'u', "string", "Username or UID (format: <name|uid>[:<group|gid>])"),
            Flag.value("workdir", 'w', "string", "Working directory inside the container"));

    private ContainerFlags() {
    }

    /** The arguments are {@code IMAGE [COMMAND] [ARG...]}. */
    static ContainerSpec toSpec(ParsedArgs args, CommandContext context) {
        List<String> words = args.arguments();
        String entrypoint = args.value("entrypoint");
        return new ContainerSpec(
                args.value("name"),
                words.getFirst(),
                words.size() > 1 ? words.subList(1, words.size()) : null,
                // As in Docker, --entrypoint is one executable, not split; an empty one clears the image's.
                entrypoint == null ? null : entrypoint.isEmpty() ? List.of() : List.of(entrypoint),
                environment(args.values("env"), context),
                args.value("workdir"),
                args.value("user"),
                args.value("hostname"),
                args.value("memory"),
                args.decimalValue("cpus"),
                args.intValue("pids-limit"),
                args.flag("init") ? Boolean.TRUE : null,
                // Not sent unless given: the agent's default is bridge.
                args.value("network"),
                PublishSpec.parseAll(args.values("publish")),
                args.flag("rm") ? Boolean.TRUE : null,
                args.flag("interactive") ? Boolean.TRUE : null,
                args.flag("tty") ? Boolean.TRUE : null,
                args.flag("log-stdin") ? Boolean.TRUE : null,
                labels(args.values("label")));
    }

    /** {@code -l KEY=VALUE}, or {@code -l KEY} for an empty value, as Docker does; a later one wins. */
    private static @Nullable Map<String, String> labels(List<String> given) {
        if (given.isEmpty()) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String entry : given) {
            int eq = entry.indexOf('=');
            labels.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
        }
        return labels;
    }

    /** {@code -e NAME} without a value passes the CLI's own NAME, and nothing if it is unset, as Docker does. */
    private static @Nullable List<String> environment(List<String> given, CommandContext context) {
        if (given.isEmpty()) {
            return null;
        }
        List<String> env = new ArrayList<>();
        for (String entry : given) {
            if (entry.contains("=")) {
                env.add(entry);
            } else {
                String value = context.environment(entry);
                if (value != null) {
                    env.add(entry + "=" + value);
                }
            }
        }
        return env;
    }
}
