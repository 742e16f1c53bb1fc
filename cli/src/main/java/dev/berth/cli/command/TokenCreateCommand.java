package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.gateway.ApiToken;
import dev.berth.cli.gateway.TokenRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@code berth token create}: a new API token for a principal of a tenant. The secret is printed on stdout, alone,
 * this once (the gateway keeps only its hash); what it is for goes to stderr, so that
 * {@code TOKEN=$(berth token create ...)} captures the secret only.
 */
public final class TokenCreateCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(TokenCommand.NAME + " create", "[OPTIONS]",
                    "Create an API token; its secret is printed once")
            .flags(Flag.value("tenant", null, "string", "Tenant of the token (default the caller's)"),
                    Flag.value("principal", null, "string", "User or service account that holds it (default the"
                            + " caller's; needed with --tenant)"),
                    Flag.value("kind", null, "string", "user or service-account (default service-account)"),
                    Flag.value("scope", null, "string", "Scopes, comma-separated: read, deploy, admin (default"
                            + " read)"),
                    Flag.value("expires-in", null, "string", "Lifetime, ISO-8601 such as P30D or PT12H (default"
                            + " the gateway's, P90D)"),
                    Flag.value("description", null, "string", "What the token is for"))
            .noArguments();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        String kind = args.value("kind");
        if (kind != null && !kind.equals("user") && !kind.equals("service-account")) {
            throw new UsageException("--kind takes user or service-account, not \"" + kind + "\"");
        }
        String principal = args.value("principal");
        if (principal == null && args.value("tenant") != null) {
            throw new UsageException("--tenant needs --principal: who in that tenant holds the token");
        }
        if (principal == null) {
            principal = context.gateway().whoami().principal();
        }
        ApiToken created = context.gateway().createToken(new TokenRequest(args.value("tenant"), principal, kind,
                scopes(Objects.requireNonNullElse(args.value("scope"), "read")), args.value("description"),
                args.value("expires-in")));
        context.out().println(created.token());
        context.console().err().println("Token " + created.id() + " for " + created.principal() + " ("
                + created.kind() + ") of tenant " + created.tenant() + ", scopes " + String.join(", ",
                created.scopes()) + (created.expires() == null ? ", no expiry" : ", expires " + created.expires())
                + ". Its secret is shown this once.");
        return 0;
    }

    private static List<String> scopes(String list) {
        List<String> scopes = Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (scopes.isEmpty()) {
            throw new UsageException("--scope names at least one of read, deploy, admin");
        }
        return scopes;
    }
}
