package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.HumanDuration;
import dev.berth.cli.format.Table;
import dev.berth.cli.gateway.ApiToken;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code berth token ls}: the API tokens of the caller's tenant, or of {@code --tenant} (every tenant's for a platform
 * admin without it), never with their secrets.
 */
public final class TokenLsCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(TokenCommand.NAME + " ls", "[OPTIONS]",
                    "List API tokens")
            .flags(JsonFormat.FLAG, Flag.bool("quiet", 'q', "Only display token IDs"),
                    Flag.value("tenant", null, "string", "Tenant whose tokens to list (default the caller's; every"
                            + " tenant's for a platform admin)"))
            .noArguments();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        boolean json = JsonFormat.requested(args);
        List<ApiToken> tokens = context.gateway().tokens(args.value("tenant"));
        if (json) {
            JsonFormat.print(context, tokens);
            return 0;
        }
        if (args.flag("quiet")) {
            tokens.forEach(token -> context.out().println(token.id()));
            return 0;
        }
        Instant now = context.now();
        Table table = new Table("ID", "TENANT", "PRINCIPAL", "KIND", "SCOPES", "STATUS", "CREATED", "EXPIRES",
                "LAST USED", "DESCRIPTION");
        for (ApiToken token : tokens) {
            table.row(token.id(), token.tenant(), token.principal(), token.kind(), String.join(",", token.scopes()),
                    token.status(now), ago(token.created(), now),
                    token.expires() == null ? "never" : token.expires().toString(), ago(token.lastUsed(), now),
                    token.description() == null ? "" : token.description());
        }
        context.out().print(table.render());
        return 0;
    }

    private static String ago(@Nullable Instant then, Instant now) {
        return then == null ? "" : HumanDuration.ago(then, now);
    }
}
