package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.Table;
import dev.berth.cli.gateway.TenantQuota;
import org.jspecify.annotations.Nullable;

/**
 * {@code berth quota show [TENANT]}: one row per resource, its limit ({@code -} for none) and what the tenant uses
 * now. Without a tenant, the caller's own.
 */
public final class QuotaShowCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(QuotaCommand.NAME + " show", "[OPTIONS] [TENANT]",
                    "Show a tenant's quota and what it uses")
            .flags(JsonFormat.FLAG)
            .arguments(0, 1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        String tenant = args.arguments().isEmpty() ? context.gateway().whoami().tenant() : args.argument(0);
        TenantQuota quota = context.gateway().quota(tenant);
        if (JsonFormat.requested(args)) {
            JsonFormat.print(context, quota);
            return 0;
        }
        TenantQuota.Limits limits = quota.limits();
        TenantQuota.Usage usage = quota.usage();
        Table table = new Table("RESOURCE", "LIMIT", "USED");
        table.row("cpu", shown(limits.cpu()), usage == null ? "" : usage.cpu());
        table.row("memory", shown(limits.memory()), usage == null ? "" : usage.memory());
        table.row("containers", shown(limits.containers()), usage == null ? "" : Long.toString(usage.containers()));
        table.row("image storage", shown(limits.imageStorage()), usage == null ? "" : usage.imageStorage());
        context.out().print(table.render());
        return 0;
    }

    private static String shown(@Nullable Object limit) {
        return limit == null ? "-" : limit.toString();
    }
}
