package dev.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.cluster.ClusterApp;
import dev.berth.cli.cluster.ClusterNode;
import dev.berth.cli.cluster.Replica;
import dev.berth.cli.cluster.ServiceVersion;
import dev.berth.cli.http.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cluster verbs' tables, from JSON shaped as the scheduler answers it (its views, with nulls left out as its
 * {@code default-property-inclusion=non_null} leaves them).
 */
class ClusterTablesTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private static final String PS = """
            [{"id": 11, "slot": 0, "specVersion": 2, "node": "node-a", "desired": "running", "status": "running",
              "restarts": 0, "container": "3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f", "updatedAt": "2026-11-29T09:54:59.5Z"},
             {"id": 12, "slot": 1, "specVersion": 1, "node": "node-b", "desired": "running", "status": "assigned",
              "restarts": 0, "updatedAt": "2026-11-29T09:59:55Z"},
             {"id": 13, "slot": 2, "specVersion": 2, "desired": "running", "status": "pending", "restarts": 0,
              "updatedAt": "2026-11-29T09:59:30Z",
              "pendingReasons": {"node-a": "insufficient memory: 268435456 bytes requested, 0 of 1073741824 free",
                                 "node-b": "insufficient memory: 268435456 bytes requested, 134217728 of 1073741824 free",
                                 "node-c": "constraint node.labels.zone == a not met (node.labels.zone is 'b')"},
              "pendingSummary": {"constraint node.labels.zone == a not met": 1, "insufficient memory": 2},
              "pendingMessage": "0/3 nodes fit: 1 × constraint node.labels.zone == a not met; 2 × insufficient memory"}]
            """;

    private static final String VERSIONS = """
            [{"version": 1, "reason": "created", "createdAt": "2026-11-29T09:00:00Z",
              "spec": {"image": "busybox:1", "command": [], "env": {}, "replicas": 2}},
             {"version": 2, "reason": "scaled to 3", "createdAt": "2026-11-29T09:50:00Z",
              "spec": {"image": "busybox:2", "command": [], "env": {}, "replicas": 3}}]
            """;

    @Test
    void psNamesReplicasAsTasksAndSaysWhyOneIsPending() {
        List<Replica> replicas = List.of(Json.mapper().readValue(PS, Replica[].class));
        Map<Integer, String> images = Map.of(1, "busybox:1", 2, "busybox:2");

        String table = ClusterTables.replicas("shop",
                List.of(new ClusterTables.ServiceReplicas("web", replicas, images)), false, NOW).render();

        assertThat(table).isEqualTo(""
                + "ID        NAME         IMAGE       NODE      CONTAINER      DESIRED STATE   CURRENT STATE   "
                + "         ERROR\n"
                + "11        shop.web.0   busybox:2   node-a    3f3f3f3f3f3f   Running         Running 5 minutes ago "
                + "   \n"
                + "12        shop.web.1   busybox:1   node-b                   Running         Assigned 5 seconds ago"
                + "   \n"
                + "13        shop.web.2   busybox:2                            Running         Pending 30 seconds ago "
                + "  no suitable node (3 nodes: insufficient memory on 2, constraint node.labels.zone == a not met on 1)\n");
    }

    @Test
    void noTruncAddsEveryNodesOwnReason() {
        Replica pending = List.of(Json.mapper().readValue(PS, Replica[].class)).get(2);

        assertThat(ClusterTables.pendingError(pending, true)).isEqualTo("no suitable node (3 nodes: insufficient"
                + " memory on 2, constraint node.labels.zone == a not met on 1): node-a: insufficient memory:"
                + " 268435456 bytes requested, 0 of 1073741824 free; node-b: insufficient memory: 268435456 bytes"
                + " requested, 134217728 of 1073741824 free; node-c: constraint node.labels.zone == a not met"
                + " (node.labels.zone is 'b')");
    }

    @Test
    void aPendingReplicaWithoutNodesShowsTheSchedulersMessageAndAPlacedOneNothing() {
        Replica none = Json.mapper().readValue("""
                {"id": 1, "slot": 0, "specVersion": 1, "desired": "running", "status": "pending", "restarts": 0,
                 "updatedAt": "2026-11-29T09:59:30Z", "pendingReasons": {}, "pendingSummary": {},
                 "pendingMessage": "no nodes are registered"}""", Replica.class);
        Replica untried = Json.mapper().readValue("""
                {"id": 2, "slot": 1, "specVersion": 1, "desired": "running", "status": "pending", "restarts": 0,
                 "updatedAt": "2026-11-29T09:59:30Z"}""", Replica.class);
        Replica single = Json.mapper().readValue("""
                {"id": 3, "slot": 2, "specVersion": 1, "desired": "running", "status": "pending", "restarts": 0,
                 "pendingSummary": {"node is draining": 1}, "pendingReasons": {"n": "node is draining"}}""",
                Replica.class);

        assertThat(ClusterTables.pendingError(none, false)).isEqualTo("no nodes are registered");
        assertThat(ClusterTables.pendingError(untried, true)).isEmpty();
        assertThat(ClusterTables.pendingError(single, false)).isEqualTo("no suitable node (1 node: node is draining"
                + " on 1)");
    }

    @Test
    void nodesShowAllocatedOfCapacityAndAvailability() {
        List<ClusterNode> nodes = List.of(Json.mapper().readValue("""
                [{"id": "node-a", "address": "10.0.0.7:7700", "labels": {"zone": "a"},
                  "capacity": {"cpuMilli": 4000, "memoryBytes": 8589934592, "pids": 32768},
                  "allocated": {"cpuMilli": 2500, "memoryBytes": 536870912, "pids": 1024},
                  "portMin": 1024, "portMax": 65535, "usedPorts": [8080], "images": [], "state": "up",
                  "draining": false, "registeredAt": "2026-11-29T09:00:00Z",
                  "lastHeartbeat": "2026-11-29T09:59:59Z", "version": 7, "replicas": 3},
                 {"id": "node-b", "address": "10.0.0.8:7700", "labels": {},
                  "capacity": {"cpuMilli": 500, "memoryBytes": 1073741824, "pids": 512},
                  "allocated": {"cpuMilli": 0, "memoryBytes": 0, "pids": 0},
                  "portMin": 1024, "portMax": 65535, "usedPorts": [], "images": [], "state": "down",
                  "draining": true, "registeredAt": "2026-11-29T09:00:00Z",
                  "lastHeartbeat": "2026-11-29T09:10:00Z", "version": 2, "replicas": 0}]
                """, ClusterNode[].class));

        assertThat(ClusterTables.nodes(nodes).render()).isEqualTo(""
                + "ID        ADDRESS         STATUS    AVAILABILITY   CPU       MEMORY        REPLICAS\n"
                + "node-a    10.0.0.7:7700   up        active         2.5/4     512MiB/8GiB   3\n"
                + "node-b    10.0.0.8:7700   down      drain          0/0.5     0B/1GiB       0\n");
    }

    @Test
    void appsCountRunningOfDesiredOverTheirServices() {
        ClusterApp app = Json.mapper().readValue("""
                {"tenant": "default", "name": "shop", "createdAt": "2026-11-29T09:00:00Z",
                 "services": [{"name": "api", "version": 4, "spec": {"image": "api:2", "replicas": 3},
                               "rollout": "progressing", "replicas": 3, "running": 1, "pending": 1},
                              {"name": "web", "version": 1, "spec": {"image": "busybox:1", "replicas": 2},
                               "rollout": "none", "replicas": 2, "running": 2, "pending": 0}]}""",
                ClusterApp.class);

        assertThat(ClusterTables.apps(List.of(new ClusterTables.AppRow(app, Instant.parse("2026-11-29T09:57:00Z"))),
                NOW).render()).isEqualTo(""
                + "NAME      SERVICES   REPLICAS   UPDATED\n"
                + "shop      2          3/5        3 minutes ago\n");
        assertThat(ClusterTables.services(app).render()).isEqualTo(""
                + "NAME       VERSION   REPLICAS   IMAGE       ROLLOUT\n"
                + "shop/api   4         1/3        api:2       progressing\n"
                + "shop/web   1         2/2        busybox:1   none\n");
    }

    @Test
    void versionsNewestFirstWithTheCurrentMarked() {
        List<ServiceVersion> versions = List.of(Json.mapper().readValue(VERSIONS, ServiceVersion[].class));

        assertThat(ClusterTables.versions(versions, 2, NOW).render()).isEqualTo(""
                + "VERSION       IMAGE       REPLICAS   REASON        CREATED\n"
                + "2 (current)   busybox:2   3          scaled to 3   10 minutes ago\n"
                + "1             busybox:1   2          created       About an hour ago\n");
    }
}
