package dev.berth.cli.command;

import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.cluster.SchedulerAddress;
import dev.berth.cli.cluster.SchedulerApi;
import java.util.ArrayList;
import java.util.List;

/** The flags every cluster verb takes: which scheduler, and which tenant's apps. */
final class ClusterFlags {

    static final List<Flag> FLAGS = List.of(
            Flag.value("scheduler", null, "string", "Scheduler to connect to (default $" + SchedulerAddress.VARIABLE
                    + ", then the node agent's cluster, then " + SchedulerAddress.DEFAULT + ")"),
            Flag.value("tenant", null, "string", "Tenant whose apps to act on (default $"
                    + SchedulerAddress.TENANT_VARIABLE + ", then " + SchedulerAddress.DEFAULT_TENANT + ")"));

    private ClusterFlags() {
    }

    /** The verb's own flags, then the cluster flags. */
    static List<Flag> with(Flag... own) {
        List<Flag> all = new ArrayList<>(List.of(own));
        all.addAll(FLAGS);
        return all;
    }

    static SchedulerApi scheduler(ParsedArgs args, CommandContext context) {
        return context.scheduler(args.value("scheduler"), args.value("tenant"));
    }
}
