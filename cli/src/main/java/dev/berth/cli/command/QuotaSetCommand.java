package dev.berth.cli.command;

import dev.berth.cli.CliException;
import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code berth quota set TENANT [--cpu 4] [--memory 8Gi] [--containers 20] [--image-storage 10Gi]}: replaces the
 * tenant's limits (platform admins). A limit not given is lifted; with none given, every limit is. The gateway checks
 * the quantities and names the one it cannot read.
 */
public final class QuotaSetCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(QuotaCommand.NAME + " set", "[OPTIONS] TENANT",
                    "Set a tenant's quota (a limit left out is lifted)")
            .flags(Flag.value("cpu", null, "string", "CPUs the tenant's replicas may request in all (4, 500m)"),
                    Flag.value("memory", null, "bytes", "Memory they may request in all (8Gi, 512M)"),
                    Flag.value("containers", null, "int", "Replicas the tenant may run in all"),
                    Flag.value("image-storage", null, "bytes", "Bytes its registry namespace may hold (10Gi)"))
            .exactly(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        Map<String, Object> limits = new LinkedHashMap<>();
        put(limits, "cpu", args.value("cpu"));
        put(limits, "memory", args.value("memory"));
        String containers = args.value("containers");
        if (containers != null) {
            try {
                limits.put("containers", Long.parseLong(containers));
            } catch (NumberFormatException e) {
                throw new CliException("--containers takes a whole number, not '" + containers + "'");
            }
        }
        put(limits, "imageStorage", args.value("image-storage"));
        context.gateway().setQuota(args.argument(0), limits);
        context.out().println(args.argument(0));
        return 0;
    }

    private static void put(Map<String, Object> limits, String name, @Nullable String value) {
        if (value != null) {
            limits.put(name, value);
        }
    }
}
