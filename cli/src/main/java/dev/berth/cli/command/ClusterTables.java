package dev.berth.cli.command;

import dev.berth.cli.cluster.ClusterApp;
import dev.berth.cli.cluster.ClusterNode;
import dev.berth.cli.cluster.Replica;
import dev.berth.cli.cluster.ServiceVersion;
import dev.berth.cli.format.ByteSize;
import dev.berth.cli.format.Cell;
import dev.berth.cli.format.HumanDuration;
import dev.berth.cli.format.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The cluster verbs' tables, in the conventions of {@code docker service ps} and {@code docker node ls}: counts as
 * {@code running/desired}, resources as {@code allocated/capacity}, states with their age, and a pending replica's
 * ERROR saying why no node took it.
 */
final class ClusterTables {

    private ClusterTables() {
    }

    /** One row of {@code app ls}: {@code updated} is when its newest version was made. */
    record AppRow(ClusterApp app, @Nullable Instant updated) {}

    static Table apps(List<AppRow> rows, Instant now) {
        Table table = new Table("NAME", "SERVICES", "REPLICAS", "UPDATED");
        for (AppRow row : rows) {
            ClusterApp app = row.app();
            table.row(app.name(), Integer.toString(app.services().size()), app.running() + "/" + app.replicas(),
                    row.updated() == null ? "" : HumanDuration.ago(row.updated(), now));
        }
        return table;
    }

    static Table services(ClusterApp app) {
        Table table = new Table("NAME", "VERSION", "REPLICAS", "IMAGE", "ROLLOUT");
        for (ClusterApp.Service service : app.services()) {
            table.row(app.name() + "/" + service.name(), Integer.toString(service.version()),
                    service.running() + "/" + service.replicas(), service.image(),
                    service.rollout() == null ? "" : service.rollout());
        }
        return table;
    }

    /** The replicas of one service, and the image of each of its versions. */
    record ServiceReplicas(String service, List<Replica> replicas, Map<Integer, String> imageByVersion) {}

    /**
     * {@code service ps}: one row per replica, named {@code app.service.slot} as Docker names a task; its image is the
     * one of the version it runs, and its container the one its node last reported (12 digits, all with noTrunc),
     * which {@code berth logs} takes.
     */
    static Table replicas(String app, List<ServiceReplicas> services, boolean noTrunc, Instant now) {
        Table table = new Table("ID", "NAME", "IMAGE", "NODE", "CONTAINER", "DESIRED STATE", "CURRENT STATE",
                "ERROR");
        for (ServiceReplicas service : services) {
            for (Replica replica : service.replicas()) {
                String status = replica.status() == null ? "unknown" : replica.status();
                String current = capitalized(status)
                        + (replica.updatedAt() == null ? "" : " " + HumanDuration.ago(replica.updatedAt(), now));
                table.row(Long.toString(replica.id()), app + "." + service.service() + "." + replica.slot(),
                        service.imageByVersion().getOrDefault(replica.specVersion(), ""),
                        replica.node() == null ? "" : replica.node(),
                        replica.container() == null ? "" : noTrunc ? replica.container()
                                : Cell.shortId(replica.container()),
                        replica.desired() == null ? "" : capitalized(replica.desired()), current,
                        pendingError(replica, noTrunc));
            }
        }
        return table;
    }

    /**
     * Why a replica has no node: {@code no suitable node (3 nodes: insufficient memory on 2, constraint ... not met
     * on 1)}, the reasons most nodes share first. With {@code noTrunc}, each node's own reason follows
     * ({@code : node-a: insufficient memory: ... free; node-b: ...}). Empty for a placed replica, or one not yet
     * tried.
     */
    static String pendingError(Replica replica, boolean noTrunc) {
        if (replica.node() != null) {
            return "";
        }
        Map<String, Integer> summary = replica.pendingSummary();
        if (summary == null || summary.isEmpty()) {
            return replica.pendingMessage() == null ? "" : replica.pendingMessage();
        }
        int nodes = summary.values().stream().mapToInt(Integer::intValue).sum();
        String reasons = summary.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getKey() + " on " + e.getValue())
                .collect(Collectors.joining(", "));
        String text = "no suitable node (" + nodes + (nodes == 1 ? " node: " : " nodes: ") + reasons + ")";
        Map<String, String> perNode = replica.pendingReasons();
        if (noTrunc && perNode != null && !perNode.isEmpty()) {
            text += ": " + perNode.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("; "));
        }
        return text;
    }

    static Table versions(List<ServiceVersion> versions, int current, Instant now) {
        Table table = new Table("VERSION", "IMAGE", "REPLICAS", "REASON", "CREATED");
        List<ServiceVersion> newestFirst = new ArrayList<>(versions);
        newestFirst.sort(Comparator.comparingInt(ServiceVersion::version).reversed());
        for (ServiceVersion version : newestFirst) {
            Integer replicas = version.spec() == null ? null : version.spec().replicas();
            table.row(version.version() + (version.version() == current ? " (current)" : ""), version.image(),
                    replicas == null ? "" : replicas.toString(), version.reason() == null ? "" : version.reason(),
                    version.createdAt() == null ? "" : HumanDuration.ago(version.createdAt(), now));
        }
        return table;
    }

    static Table nodes(List<ClusterNode> nodes) {
        Table table = new Table("ID", "ADDRESS", "STATUS", "AVAILABILITY", "CPU", "MEMORY", "REPLICAS");
        for (ClusterNode node : nodes) {
            ClusterNode.Resources capacity = node.capacity() == null ? new ClusterNode.Resources(0, 0, 0)
                    : node.capacity();
            ClusterNode.Resources allocated = node.allocated() == null ? new ClusterNode.Resources(0, 0, 0)
                    : node.allocated();
            table.row(node.id(), node.address() == null ? "" : node.address(),
                    node.state() == null ? "" : node.state(), node.availability(),
                    cores(allocated.cpuMilli()) + "/" + cores(capacity.cpuMilli()),
                    ByteSize.binary(allocated.memoryBytes()) + "/" + ByteSize.binary(capacity.memoryBytes()),
                    Integer.toString(node.replicas()));
        }
        return table;
    }

    /** Millicores as cores: {@code 2500} as {@code 2.5}. */
    static String cores(long milli) {
        return BigDecimal.valueOf(milli, 3).stripTrailingZeros().toPlainString();
    }

    private static String capitalized(String word) {
        return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
