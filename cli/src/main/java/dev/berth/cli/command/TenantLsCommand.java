package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.format.HumanDuration;
import dev.berth.cli.format.Table;
import dev.berth.cli.gateway.Tenant;
import java.time.Instant;
import java.util.List;

/** {@code berth tenant ls}: every tenant, in name order, with when it was made. */
public final class TenantLsCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(TenantCommand.NAME + " ls", "[OPTIONS]",
                    "List tenants")
            .flags(JsonFormat.FLAG, Flag.bool("quiet", 'q', "Only display tenant names"))
            .noArguments();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        boolean json = JsonFormat.requested(args);
        List<Tenant> tenants = context.gateway().tenants();
        if (json) {
            JsonFormat.print(context, tenants);
            return 0;
        }
        if (args.flag("quiet")) {
            tenants.forEach(tenant -> context.out().println(tenant.name()));
            return 0;
        }
        Instant now = context.now();
        Table table = new Table("NAME", "CREATED");
        for (Tenant tenant : tenants) {
            table.row(tenant.name(), tenant.created() == null ? "" : HumanDuration.ago(tenant.created(), now));
        }
        context.out().print(table.render());
        return 0;
    }
}
