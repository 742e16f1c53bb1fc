package dev.berth.cli;

import static dev.berth.cli.FakeAgent.json;
import static dev.berth.cli.FakeAgent.noContent;
import static dev.berth.cli.FakeAgent.problem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Networks and published ports against a fake agent: what {@code --network} and {@code -p} send, and what
 * {@code port}, {@code network}, and the PORTS and NET I/O columns show.
 */
class NetworkingEndToEndTest {

    private static final String ID = "9a8b7c6d5e4f" + "1".repeat(52);
    private static final String NET_ID = "5c4b3a2f1e0d" + "2".repeat(52);

    @TempDir
    Path home;

    private FakeAgent agent;

    @BeforeEach
    void startAgent() throws Exception {
        agent = new FakeAgent();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    private CliRun berth(String... args) {
        return CliRun.run(Map.of("BERTH_HOST", agent.url(), "HOME", home.toString()), args);
    }

    private void acceptsCreates() {
        agent.on("POST", "/v1/containers", json(201, "{\"id\": \"" + ID + "\", \"warnings\": []}"));
    }

    // --network and -p on run and create

    @Test
    void publishedPortsAndTheNetworkReachTheCreateRequestInOrder() {
        acceptsCreates();

        CliRun run = berth("run", "-d", "--network", "appnet", "-p", "8080:80", "-p", "127.0.0.1:8443:443/udp",
                "--publish=127.0.0.1::9000", "-p53/UDP", "--name", "web", "busybox", "httpd", "-f", "-p", "80");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo(ID + "\n");
        assertThat(tree(agent.first("POST", "/v1/containers").bodyText())).isEqualTo(tree("""
                {"name": "web", "image": "busybox", "cmd": ["httpd", "-f", "-p", "80"], "network": "appnet",
                 "ports": [{"hostPort": 8080, "containerPort": 80, "protocol": "tcp"},
                           {"hostIp": "127.0.0.1", "hostPort": 8443, "containerPort": 443, "protocol": "udp"},
                           {"hostIp": "127.0.0.1", "containerPort": 9000, "protocol": "tcp"},
                           {"containerPort": 53, "protocol": "udp"}]}"""));
    }

    @Test
    void createTakesTheSameFlagsAndAnIpv6AddressLosesItsBrackets() {
        acceptsCreates();

        CliRun run = berth("create", "--network=host", "-p", "[::1]:8080:80", "busybox");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(tree(agent.first("POST", "/v1/containers").bodyText())).isEqualTo(tree("""
                {"image": "busybox", "network": "host",
                 "ports": [{"hostIp": "::1", "hostPort": 8080, "containerPort": 80, "protocol": "tcp"}]}"""));
    }

    @Test
    void withoutTheFlagsNeitherNetworkNorPortsIsSent() {
        acceptsCreates();

        assertThat(berth("create", "busybox").exitCode).isZero();

        assertThat(tree(agent.first("POST", "/v1/containers").bodyText())).isEqualTo(tree("{\"image\": \"busybox\"}"));
    }

    @Test
    void aMalformedPublishSpecIsAUsageErrorThatSendsNothing() {
        CliRun run = berth("run", "-p", "80:abc", "busybox");

        assertThat(run.exitCode).isEqualTo(125);
        assertThat(run.err).isEqualTo("berth run: invalid publish spec \"80:abc\": "
                + "expected [hostIp:][hostPort:]containerPort[/tcp|udp]\nSee 'berth run --help'.\n");

        CliRun range = berth("create", "-p", "8080:70000", "busybox");
        assertThat(range.exitCode).isEqualTo(125);
        assertThat(range.err).startsWith(
                "berth create: invalid publish spec \"8080:70000\": container port 70000 is out of range 1-65535\n");

        CliRun protocol = berth("run", "-d", "-p", "80/sctp", "busybox");
        assertThat(protocol.err).startsWith(
                "berth run: invalid publish spec \"80/sctp\": protocol \"sctp\" is not tcp or udp\n");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void anAgentThatRefusesThePortSaysWhy() {
        agent.on("POST", "/v1/containers",
                problem(409, "host port 8080/tcp on 0.0.0.0 is already in use", null));

        CliRun run = berth("run", "-d", "-p", "8080:80", "busybox");

        assertThat(run.exitCode).isEqualTo(125);
        assertThat(run.err)
                .isEqualTo("berth: Error response from agent: host port 8080/tcp on 0.0.0.0 is already in use\n");
    }

    @Test
    void runHelpShowsTheNetworkAndPublishFlags() {
        CliRun run = berth("run", "--help");

        assertThat(run.out)
                .contains("      --network network ")
                .contains("  -p, --publish list ")
                .contains("[hostIp:][hostPort:]containerPort[/tcp|udp]")
                .doesNotContain("only \"none\"");
    }

    // port

    @Test
    void portListsEveryMappingInNaturalOrder() {
        agent.on("GET", "/v1/containers/web/port", json(200, """
                [{"protocol": "udp", "containerPort": 9000, "hostIp": "127.0.0.1", "hostPort": 9000},
                 {"protocol": "tcp", "containerPort": 80, "hostIp": "0.0.0.0", "hostPort": 8080},
                 {"protocol": "tcp", "containerPort": 443, "hostIp": "::", "hostPort": 8443}]"""));

        CliRun run = berth("port", "web");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo("""
                80/tcp -> 0.0.0.0:8080
                443/tcp -> [::]:8443
                9000/udp -> 127.0.0.1:9000
                """);
    }

    @Test
    void portWithAPrivatePortPrintsOnlyItsHostAddresses() {
        agent.on("GET", "/v1/containers/web/port", json(200, """
                [{"protocol": "tcp", "containerPort": 80, "hostIp": "127.0.0.1", "hostPort": 8081},
                 {"protocol": "tcp", "containerPort": 80, "hostIp": "0.0.0.0", "hostPort": 8080},
                 {"protocol": "udp", "containerPort": 80, "hostIp": "0.0.0.0", "hostPort": 5353}]"""));

        assertThat(berth("port", "web", "80").out).isEqualTo("0.0.0.0:8080\n127.0.0.1:8081\n");
        assertThat(berth("port", "web", "80/tcp").out).isEqualTo("0.0.0.0:8080\n127.0.0.1:8081\n");
        assertThat(berth("port", "web", "80/udp").out).isEqualTo("0.0.0.0:5353\n");
    }

    @Test
    void portOfAPortNotPublishedIsAnError() {
        agent.on("GET", "/v1/containers/web/port", json(200,
                "[{\"protocol\": \"tcp\", \"containerPort\": 80, \"hostIp\": \"0.0.0.0\", \"hostPort\": 8080}]"));

        CliRun run = berth("port", "web", "81");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEmpty();
        assertThat(run.err).isEqualTo("berth: no public port '81/tcp' published for web\n");
        assertThat(berth("port", "web", "80/udp").err)
                .isEqualTo("berth: no public port '80/udp' published for web\n");
    }

    @Test
    void portOfAContainerThatDoesNotRunPrintsNothing() {
        agent.on("GET", "/v1/containers/web/port", json(200, "[]"));

        CliRun run = berth("port", "web");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).isEmpty();
    }

    @Test
    void portUsageErrors() {
        CliRun bad = berth("port", "web", "http");
        assertThat(bad.exitCode).isEqualTo(1);
        assertThat(bad.err).isEqualTo("berth port: invalid port \"http\": expected PRIVATE_PORT[/tcp|udp]\n"
                + "See 'berth port --help'.\n");

        CliRun tooMany = berth("port", "web", "80", "81");
        assertThat(tooMany.exitCode).isEqualTo(1);
        assertThat(tooMany.err).startsWith("berth port: requires at least 1 and at most 2 arguments.\n");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void portOfAnUnknownContainerShowsTheAgentsError() {
        agent.on("GET", "/v1/containers/nosuch/port", problem(404, "no such container: nosuch", null));

        CliRun run = berth("port", "nosuch");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).isEqualTo("berth: Error response from agent: no such container: nosuch\n");
    }

    // ps and stats

    @Test
    void psShowsThePublishedPortsInDockersForm() {
        agent.on("GET", "/v1/containers", json(200, """
                [{"id": "%s", "name": "web", "image": "busybox", "command": "httpd -f", "created": "2026-11-27T11:59:57Z",
                  "state": "running", "status": "Up 3 seconds",
                  "ports": [{"protocol": "tcp", "containerPort": 80, "hostIp": "0.0.0.0", "hostPort": 8080},
                            {"protocol": "udp", "containerPort": 9000, "hostIp": "127.0.0.1", "hostPort": 9000}]},
                 {"id": "0123456789abcdef", "name": "db", "image": "busybox", "command": "sleep 1000",
                  "created": "2026-11-27T11:59:57Z", "state": "running", "status": "Up 3 seconds", "ports": []}]"""
                .formatted(ID)));

        CliRun run = berth("ps");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo("""
                CONTAINER ID   IMAGE     COMMAND        CREATED         STATUS         \
                PORTS                                            NAMES
                9a8b7c6d5e4f   busybox   "httpd -f"     3 seconds ago   Up 3 seconds   \
                127.0.0.1:9000->9000/udp, 0.0.0.0:8080->80/tcp   web
                0123456789ab   busybox   "sleep 1000"   3 seconds ago   Up 3 seconds   \
                                                                 db
                """);
    }

    @Test
    void statsShowsNetIoInDecimalUnitsAndZerosWithoutAnInterface() {
        String other = "0123456789abcdef" + "3".repeat(48);
        agent.on("GET", "/v1/containers", json(200,
                        "[{\"id\": \"" + ID + "\", \"name\": \"web\"}, {\"id\": \"" + other + "\", \"name\": \"solo\"}]"))
                .on("GET", "/v1/containers/" + ID + "/stats", json(200, """
                        {"id": "%s", "name": "web", "cpuPercent": 0.5, "memoryUsage": 1048576,
                         "memoryLimit": 67108864, "pids": 1, "pidsLimit": -1,
                         "network": {"rxBytes": 1024, "txBytes": 648, "rxPackets": 12, "txPackets": 8}}"""
                        .formatted(ID)))
                .on("GET", "/v1/containers/" + other + "/stats", json(200, """
                        {"id": "%s", "name": "solo", "cpuPercent": 0, "memoryUsage": 2147483648,
                         "memoryLimit": 4294967296, "pids": 2, "pidsLimit": -1, "network": null}"""
                        .formatted(other)));

        CliRun run = berth("stats", "--no-stream");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo("""
                CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O         PIDS
                9a8b7c6d5e4f   web       0.50%     1MiB / 64MiB        1.56%     1.02kB / 648B   1
                0123456789ab   solo      0.00%     2GiB / 4GiB         50.00%    0B / 0B         2
                """);
    }

    @Test
    void statsOfANamedStoppedContainerShowsZeroNetIo() {
        agent.on("GET", "/v1/containers/web/stats", problem(409, "container web is not running", null))
                .on("GET", "/v1/containers/web", json(200, "{\"id\": \"" + ID + "\", \"name\": \"web\"}"));

        CliRun run = berth("stats", "--no-stream", "web");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).endsWith("9a8b7c6d5e4f   web       0.00%     0B / 0B             0.00%     "
                + "0B / 0B   0\n");
    }

    // inspect

    @Test
    void inspectPassesNetworkSettingsThroughAndFindsNetworksAfterImages() {
        agent.on("GET", "/v1/containers/web", json(200, """
                        {"id": "c1", "networkSettings": {"mode": "bridge", "network": "bridge", "ipAddress": "10.89.0.2",
                         "prefixLength": 16, "ports": [{"protocol": "tcp", "containerPort": 80, "hostIp": "0.0.0.0",
                         "hostPort": 8080}], "portDriver": "nftables"}}"""))
                .on("GET", "/v1/containers/appnet", problem(404, "no such container: appnet", null))
                .on("GET", "/v1/images/appnet", problem(404, "no such image: appnet", null))
                .on("GET", "/v1/networks/appnet", json(200, "{\"id\": \"" + NET_ID + "\", \"name\": \"appnet\"}"));

        CliRun run = berth("inspect", "web", "appnet");

        assertThat(run.exitCode).as(run.toString()).isZero();
        JsonNode printed = tree(run.out);
        assertThat(printed.get(0).path("networkSettings")).isEqualTo(tree("""
                {"mode": "bridge", "network": "bridge", "ipAddress": "10.89.0.2", "prefixLength": 16,
                 "ports": [{"protocol": "tcp", "containerPort": 80, "hostIp": "0.0.0.0", "hostPort": 8080}],
                 "portDriver": "nftables"}"""));
        assertThat(printed.get(1).path("name").asString()).isEqualTo("appnet");
    }

    // network

    @Test
    void networkCreatePrintsTheIdAndSendsSubnetAndGatewayOnlyWhenGiven() {
        agent.on("POST", "/v1/networks", json(201,
                "{\"id\": \"" + NET_ID + "\", \"name\": \"appnet\", \"warnings\": [\"subnet is large\"]}"));

        CliRun run = berth("network", "create", "--subnet", "10.90.3.0/24", "--gateway=10.90.3.254", "appnet");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo(NET_ID + "\n");
        assertThat(run.err).isEqualTo("WARNING: subnet is large\n");
        FakeAgent.Request create = agent.first("POST", "/v1/networks");
        assertThat(create.contentType()).startsWith("application/json");
        assertThat(tree(create.bodyText())).isEqualTo(tree(
                "{\"name\": \"appnet\", \"subnet\": \"10.90.3.0/24\", \"gateway\": \"10.90.3.254\"}"));

        assertThat(berth("network", "create", "plain").exitCode).isZero();
        assertThat(tree(agent.requests().getLast().bodyText())).isEqualTo(tree("{\"name\": \"plain\"}"));
    }

    @Test
    void networkCreateRefusedByTheAgentExits1WithTheDetail() {
        agent.on("POST", "/v1/networks", problem(409, "subnet 10.89.0.0/24 overlaps network bridge", null));

        CliRun run = berth("network", "create", "--subnet", "10.89.0.0/24", "clash");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEmpty();
        assertThat(run.err)
                .isEqualTo("berth: Error response from agent: subnet 10.89.0.0/24 overlaps network bridge\n");
    }

    @Test
    void networkLsPrintsDockersTableSortedByName() {
        agent.on("GET", "/v1/networks", json(200, """
                [{"id": "b0b1b2b3b4b5b6b7", "name": "bridge", "driver": "bridge", "scope": "local",
                  "subnet": "10.89.0.0/16", "gateway": "10.89.0.1", "bridge": "berth0", "builtin": true,
                  "containers": 2},
                 {"id": "h0h1h2h3h4h5h6h7", "name": "host", "driver": "host", "scope": "local", "subnet": null,
                  "gateway": null, "bridge": null, "builtin": true, "containers": 0},
                 {"id": "n0n1n2n3n4n5n6n7", "name": "none", "driver": null, "scope": "local", "subnet": null,
                  "gateway": null, "bridge": null, "builtin": true, "containers": 0},
                 {"id": "%s", "name": "appnet10", "driver": "bridge", "scope": "local", "containers": 0},
                 {"id": "a2a2a2a2a2a2a2a2", "name": "appnet2", "driver": "bridge", "scope": "local",
                  "containers": 1}]""".formatted(NET_ID)));

        CliRun run = berth("network", "ls");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo("""
                NETWORK ID     NAME       DRIVER    SCOPE
                a2a2a2a2a2a2   appnet2    bridge    local
                5c4b3a2f1e0d   appnet10   bridge    local
                b0b1b2b3b4b5   bridge     bridge    local
                h0h1h2h3h4h5   host       host      local
                n0n1n2n3n4n5   none       null      local
                """);
        assertThat(berth("network", "ls", "-q").out)
                .isEqualTo("a2a2a2a2a2a2\n5c4b3a2f1e0d\nb0b1b2b3b4b5\nh0h1h2h3h4h5\nn0n1n2n3n4n5\n");
    }

    @Test
    void networkRmPrintsEachRemovedNameAndGoesOnAfterAFailure() {
        agent.on("DELETE", "/v1/networks/appnet", noContent())
                .on("DELETE", "/v1/networks/bridge", problem(409, "bridge is a built-in network", null))
                .on("DELETE", "/v1/networks/other", noContent());

        CliRun run = berth("network", "rm", "appnet", "bridge", "other");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEqualTo("appnet\nother\n");
        assertThat(run.err).isEqualTo("berth: Error response from agent: bridge is a built-in network\n");
        assertThat(berth("network", "rm", "appnet").exitCode).isZero();
    }

    @Test
    void networkInspectPrintsAnIndentedArrayAndReportsWhatIsMissing() {
        agent.on("GET", "/v1/networks/appnet", json(200, """
                        {"id": "%s", "name": "appnet", "driver": "bridge", "subnet": "10.90.3.0/24",
                         "containers": [{"id": "c1", "name": "web", "ipAddress": "10.90.3.2", "running": true}]}"""
                        .formatted(NET_ID)))
                .on("GET", "/v1/networks/nosuch", problem(404, "no such network: nosuch", null));

        CliRun run = berth("network", "inspect", "appnet", "nosuch");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEqualTo("""
                [
                    {
                        "id": "%s",
                        "name": "appnet",
                        "driver": "bridge",
                        "subnet": "10.90.3.0/24",
                        "containers": [
                            {
                                "id": "c1",
                                "name": "web",
                                "ipAddress": "10.90.3.2",
                                "running": true
                            }
                        ]
                    }
                ]
                """.formatted(NET_ID));
        assertThat(run.err).isEqualTo("Error: No such network: nosuch\n");
    }

    @Test
    void networkAloneOrWithHelpPrintsItsCommands() {
        for (String[] args : new String[][] {{"network"}, {"network", "--help"}, {"network", "-h"},
                {"help", "network"}}) {
            CliRun run = berth(args);
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.out).isEqualTo("""
                    Usage:  berth network COMMAND

                    Manage networks

                    Commands:
                      create      Create a network
                      inspect     Display detailed information on one or more networks
                      ls          List networks
                      rm          Remove one or more networks

                    Run 'berth network COMMAND --help' for more information on a command.
                    """);
        }
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void anUnknownNetworkCommandIsAnErrorThatPrintsTheUsage() {
        CliRun run = berth("network", "frobnicate");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEmpty();
        assertThat(run.err).startsWith("berth network: 'frobnicate' is not a berth network command.\n\n"
                        + "Usage:  berth network COMMAND\n")
                .contains("  ls          List networks\n");
        assertThat(berth("network", "--bogus").err).startsWith("berth network: unknown flag: --bogus\n");
        assertThat(berth("help", "network", "frobnicate").exitCode).isEqualTo(1);
    }

    @Test
    void networkCommandsHaveTheirOwnHelpAndUsageErrors() {
        CliRun help = berth("network", "ls", "--help");
        assertThat(help.exitCode).isZero();
        assertThat(help.out).startsWith("Usage:  berth network ls [OPTIONS]\n\nList networks\n\nOptions:\n")
                .contains("  -q, --quiet ");
        assertThat(berth("help", "network", "create").out).isEqualTo(berth("network", "create", "-h").out)
                .contains("      --subnet string ").contains("      --gateway string ");

        CliRun missing = berth("network", "create");
        assertThat(missing.exitCode).isEqualTo(1);
        assertThat(missing.err).isEqualTo("berth network create: requires exactly 1 argument.\n"
                + "See 'berth network create --help'.\n\nUsage:  berth network create [OPTIONS] NETWORK\n\n"
                + "Create a network\n");

        CliRun unknownFlag = berth("network", "rm", "-f", "appnet");
        assertThat(unknownFlag.exitCode).isEqualTo(1);
        assertThat(unknownFlag.err).startsWith("berth network rm: unknown shorthand flag: 'f' in -f\n");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void theGeneralHelpListsNetworkAsAManagementCommandAndPortAsAVerb() {
        CliRun run = berth("--help");

        assertThat(run.out).contains("\nManagement Commands:\n  app         Manage apps on the cluster\n"
                        + "  network     Manage networks\n  node        Manage the cluster's nodes\n"
                        + "  quota       Show or set a tenant's quota\n  service     Manage an app's services\n  tenant      Manage tenants (platform admins)\n"
                        + "  token       Manage API tokens\n\nCommands:\n")
                .contains("  port        List port mappings or a specific mapping for the container\n");
        assertThat(berth("frobnicate").err).contains("  network     Manage networks\n");
    }

    @Test
    void theHostFlagComesBeforeTheGroup() {
        agent.on("GET", "/v1/networks", json(200, "[]"));

        CliRun run = CliRun.run(Map.of("HOME", home.toString()), "-H", agent.url(), "network", "ls", "-q");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(agent.requests()).hasSize(1);
    }

    private static JsonNode tree(String text) {
        return JsonMapper.shared().readTree(text);
    }
}
