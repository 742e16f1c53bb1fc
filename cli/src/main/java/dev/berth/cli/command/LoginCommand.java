package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.gateway.GatewayApi;
import dev.berth.cli.gateway.GatewayError;
import dev.berth.cli.gateway.Whoami;
import dev.berth.cli.http.AgentAddress;
import dev.berth.cli.http.AgentClient;
import dev.berth.cli.http.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * {@code berth login [URL]}: checks an API token with the gateway's {@code GET /api/v1/whoami} and, once the gateway
 * has accepted it, stores the gateway's address and the token in {@code ~/.berth/config.json} (mode 600), as
 * {@code docker login} stores credentials. A refused token leaves the file as it was.
 */
public final class LoginCommand implements Command {

    private static final Pattern ONE_WORD = Pattern.compile("\\S+");

    private static final CommandSpec SPEC = CommandSpec.verb("login", "[OPTIONS] [URL]",
                    "Log in to a Berth api-gateway (default " + Endpoint.GATEWAY_DEFAULT + ") with an API token")
            .flags(Flag.value("token", null, "string", "API token (berth_<id>_<secret>)"),
                    Flag.bool("token-stdin", null, "Take the token from stdin"))
            .arguments(0, 1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) throws IOException {
        AgentAddress gateway = AgentAddress.parse(args.arguments().isEmpty() ? Endpoint.GATEWAY_DEFAULT
                : args.argument(0));
        String token = token(args, context);
        Whoami caller;
        try (AgentClient client = new AgentClient(new Endpoint(gateway, token), "the api-gateway")) {
            caller = new GatewayApi(client).whoami();
        } catch (GatewayError e) {
            if (e.status() == 404) {
                throw new CliException(gateway + " is not a Berth api-gateway: it has no /api/v1/whoami", e);
            }
            throw e;
        }
        context.configFile().login(gateway.toString(), token);
        context.out().println("Login Succeeded");
        context.out().println("Logged in to " + gateway + " as " + caller.principal() + " of tenant "
                + caller.tenant() + " (scopes " + String.join(", ", caller.scopes())
                + (caller.platformAdmin() ? "; platform admin" : "") + ")");
        return 0;
    }

    private static String token(ParsedArgs args, CommandContext context) throws IOException {
        String given = args.value("token");
        boolean fromStdin = args.flag("token-stdin");
        if (given != null && fromStdin) {
            throw new UsageException("--token and --token-stdin are mutually exclusive");
        }
        if (fromStdin) {
            given = new String(context.console().in().readAllBytes(), StandardCharsets.UTF_8).strip();
        } else if (given != null) {
            context.console().err().println("WARNING! Using --token on the command line is insecure."
                    + " Use --token-stdin.");
        } else {
            java.io.Console terminal = System.console();
            if (terminal == null || !stdinIsTerminal()) {
                throw new UsageException("no token: give it with --token-stdin or --token");
            }
            char[] typed = terminal.readPassword("Token: ");
            given = typed == null ? "" : new String(typed).strip();
        }
        if (!ONE_WORD.matcher(given).matches()) {
            throw new CliException(given.isEmpty() ? "the token is empty"
                    : "the token has spaces or line breaks in it: give one token, berth_<id>_<secret>");
        }
        return given;
    }

    /** Whether stdin is a terminal to prompt on, as {@code /proc} shows descriptor 0 (Java 21 has no isatty). */
    private static boolean stdinIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
