package dev.berth.cli.command;

import dev.berth.cli.args.CommandSpec;
import dev.berth.cli.args.Flag;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.cluster.ClusterApp;
import dev.berth.cli.cluster.SchedulerApi;
import dev.berth.cli.cluster.ServiceVersion;
import dev.berth.cli.format.NaturalOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * {@code berth app ls}: the tenant's apps with their service count, replicas running of those desired, and when a
 * version of any of their services was last made.
 */
public final class AppLsCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.verb(AppCommand.NAME + " ls", "[OPTIONS]", "List apps")
            .flags(ClusterFlags.with(Flag.bool("quiet", 'q', "Only display app names"), JsonFormat.FLAG))
            .noArguments();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CommandContext context) {
        boolean json = JsonFormat.requested(args);
        SchedulerApi scheduler = ClusterFlags.scheduler(args, context);
        List<ClusterApp> apps = scheduler.apps().stream()
                .sorted(Comparator.comparing(ClusterApp::name, NaturalOrder.INSTANCE))
                .toList();
        if (json) {
            JsonFormat.print(context, apps);
            return 0;
        }
        if (args.flag("quiet")) {
            apps.forEach(app -> context.out().println(app.name()));
            return 0;
        }
        List<ClusterTables.AppRow> rows = new ArrayList<>();
        for (ClusterApp app : apps) {
            rows.add(new ClusterTables.AppRow(app, updated(scheduler, app)));
        }
        context.out().print(ClusterTables.apps(rows, context.now()).render());
        return 0;
    }

    /** When the newest version of any of the app's services was made (the app's creation without services). */
    private static Instant updated(SchedulerApi scheduler, ClusterApp app) {
        Instant newest = app.createdAt();
        for (ClusterApp.Service service : app.services()) {
            for (ServiceVersion version : scheduler.versions(app.name(), service.name())) {
                if (version.createdAt() != null && (newest == null || version.createdAt().isAfter(newest))) {
                    newest = version.createdAt();
                }
            }
        }
        return Objects.requireNonNullElse(newest, Instant.EPOCH);
    }
}
