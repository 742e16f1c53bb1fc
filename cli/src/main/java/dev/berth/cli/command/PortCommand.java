package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.api.PortMapping;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.format.NaturalOrder;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code berth port}: the container's published ports in force, one {@code 80/tcp -> 0.0.0.0:8080} a line; or, for
 * one private port, only its host addresses ({@code 0.0.0.0:8080}), which is what a script wants to connect to. The
 * lines are in Docker's natural order. A container that does not run has none in force.
 */
public final class PortCommand implements Command {

    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final int MAX_PORT = 65535;

    private static final CommandSpec SPEC = CommandSpec.verb("port", "CONTAINER [PRIVATE_PORT[/PROTO]]",
            "List port mappings or a specific mapping for the container").arguments(1, 2);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        String container = args.argument(0);
        // Checked before asking the agent: a typo is the user's, whatever the container.
        String wanted = args.arguments().size() > 1 ? privatePort(args.argument(1)) : null;
        List<PortMapping> mappings = context.containers().ports(container);
        List<String> lines;
        if (wanted == null) {
            lines = mappings.stream()
                    .map(mapping -> mapping.privatePort() + " -> " + mapping.hostAddress())
                    .toList();
        } else {
            lines = mappings.stream()
                    .filter(mapping -> mapping.privatePort().equals(wanted))
                    .map(PortMapping::hostAddress)
                    .toList();
            if (lines.isEmpty()) {
                throw new CliException("no public port '" + wanted + "' published for " + container);
            }
        }
        lines.stream().sorted(NaturalOrder.INSTANCE).forEach(context.out()::println);
        return 0;
    }

    /** {@code 80} or {@code 80/udp} as {@code 80/tcp} or {@code 80/udp}, the way the mappings name their port. */
    private static String privatePort(String given) {
        int slash = given.indexOf('/');
        String port = slash < 0 ? given : given.substring(0, slash);
        String protocol = slash < 0 ? "tcp" : given.substring(slash + 1).toLowerCase(Locale.ROOT);
        if (!PORT.matcher(port).matches() || Integer.parseInt(port) > MAX_PORT
                || !(protocol.equals("tcp") || protocol.equals("udp"))) {
            throw new UsageException("invalid port \"" + given + "\": expected PRIVATE_PORT[/tcp|udp]");
        }
        return Integer.parseInt(port) + "/" + protocol;
    }
}
