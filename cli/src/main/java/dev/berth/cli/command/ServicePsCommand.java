package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.cluster.ClusterApp;
import dev.berth.cli.cluster.Replica;
import dev.berth.cli.cluster.SchedulerApi;
import dev.berth.cli.cluster.ServiceVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code berth service ps APP[/SERVICE]}: the replicas of one service, or of every service of the app, as
 * {@code docker service ps} shows tasks. A pending replica's ERROR says why no node took it; {@code --no-trunc} adds
 * each node's own reason.
 */
public final class ServicePsCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(ServiceCommand.NAME + " ps", "[OPTIONS] APP[/SERVICE]",
                    "List the replicas of an app's services")
            .flags(ClusterFlags.with(Flag.bool("no-trunc", null, "Don't truncate output: every node's reason"),
                    JsonFormat.FLAG))
            .exactly(1);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        boolean json = JsonFormat.requested(args);
        ServiceRef ref = ServiceRef.parse(args.argument(0));
        SchedulerApi scheduler = ClusterFlags.scheduler(args, context);
        List<String> services = ref.service() != null ? List.of(ref.service())
                : scheduler.app(ref.app()).services().stream().map(ClusterApp.Service::name).toList();
        List<ClusterTables.ServiceReplicas> groups = new ArrayList<>();
        for (String service : services) {
            Map<Integer, String> images = new HashMap<>();
            for (ServiceVersion version : scheduler.versions(ref.app(), service)) {
                images.put(version.version(), version.image());
            }
            groups.add(new ClusterTables.ServiceReplicas(service, scheduler.ps(ref.app(), service), images));
        }
        if (json) {
            List<ReplicaOfService> replicas = new ArrayList<>();
            for (ClusterTables.ServiceReplicas group : groups) {
                group.replicas().forEach(replica -> replicas.add(new ReplicaOfService(ref.app(), group.service(),
                        group.imageByVersion().get(replica.specVersion()), replica)));
            }
            JsonFormat.print(context, replicas);
            return 0;
        }
        context.out().print(ClusterTables.replicas(ref.app(), groups, args.flag("no-trunc"), context.now())
                .render());
        return 0;
    }

    /** A replica in {@code --format json}, with the service it belongs to and the image of its version. */
    record ReplicaOfService(String app, String service, @Nullable String image, Replica replica) {}
}
