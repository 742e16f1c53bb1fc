package dev.berth.cli.command;

import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.cluster.SchedulerAddress;
import dev.berth.cli.cluster.SchedulerApi;
import java.util.ArrayList;
import java.util.List;

/** The flags every cluster verb takes: which scheduler, and which tenant's apps. */
final class ClusterFlags {

    private static final Flag SCHEDULER = Flag.value("scheduler", null, "string", "Scheduler to connect to (default"
            + " the api-gateway when logged in, else $" + SchedulerAddress.VARIABLE + ", then the node agent's cluster,"
            + " then " + SchedulerAddress.DEFAULT + ")");

    static final List<Flag> FLAGS = List.of(SCHEDULER,
            Flag.value("tenant", null, "string", "Tenant whose apps to act on (the token's when logged in; else $"
                    + SchedulerAddress.TENANT_VARIABLE + ", then " + SchedulerAddress.DEFAULT_TENANT + ")"));

    /** For the node verbs: nodes belong to the cluster, not to a tenant. */
    static final List<Flag> NODE_FLAGS = List.of(SCHEDULER);

    private ClusterFlags() {
    }

    /** The verb's own flags, then the cluster flags. */
    static List<Flag> with(Flag... own) {
        List<Flag> all = new ArrayList<>(List.of(own));
        all.addAll(FLAGS);
        return all;
    }

    /** The node verb's own flags, then {@code --scheduler}. */
    static List<Flag> withNode(Flag... own) {
        List<Flag> all = new ArrayList<>(List.of(own));
        all.addAll(NODE_FLAGS);
        return all;
    }

    static SchedulerApi scheduler(ParsedArgs args, CommandContext context) {
        return context.scheduler(args.value("scheduler"),
                args.spec().flag("tenant") == null ? null : args.value("tenant"));
    }
}
