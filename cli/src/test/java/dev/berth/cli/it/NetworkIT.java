package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Networks and published ports: {@code berth network} manages user networks, {@code -p} publishes a container's port
 * on the host, and {@code port}, {@code ps} and {@code stats} show what is in force.
 */
@ExtendWith(RealAgent.class)
class NetworkIT {

    private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern MAPPING = Pattern.compile("80/tcp -> 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern NET_IO = Pattern.compile("[0-9.e+]+[kMGT]?B / [0-9.e+]+[kMGT]?B");
    /** How long a detached httpd may take to listen. */
    private static final Duration SERVER_START = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Cli berth;
    private final ContainerNames names;
    private final List<String> networks = new ArrayList<>();
    private final List<String> attached = new ArrayList<>();

    NetworkIT(Cli berth, ContainerNames names) {
        this.berth = berth;
        this.names = names;
    }

    /** A fresh network name, whose network is removed when the test ends. */
    private String network(String role) {
        String name = ContainerNames.unique(role);
        networks.add(name);
        return name;
    }

    /** A fresh container name for a container on one of this test's networks, removed before the networks. */
    private String attachedContainer(String role) {
        String name = names.next(role);
        attached.add(name);
        return name;
    }

    @AfterEach
    void removeNetworks() {
        // Containers first: a network that any container is attached to cannot be removed.
        if (!attached.isEmpty()) {
            berth.run(words(List.of("rm", "-f"), attached));
        }
        if (!networks.isEmpty()) {
            berth.run(words(List.of("network", "rm"), networks));
        }
    }

    @Test
    void createsListsInspectsAndRemovesANetwork() {
        String name = network("net");

        CliResult create = berth.run("network", "create", name);

        assertThat(create.exitCode()).as(create::toString).isZero();
        String id = create.out().strip();
        assertThat(id).as(create::toString).matches(FULL_ID);

        CliResult ls = berth.run("network", "ls");
        assertThat(ls.exitCode()).as(ls::toString).isZero();
        PrintedTable table = PrintedTable.parse(ls.out());
        assertThat(table.row("NAME", name)).containsEntry("NETWORK ID", id.substring(0, 12))
                .containsEntry("DRIVER", "bridge")
                .containsEntry("SCOPE", "local");
        assertThat(table.row("NAME", "bridge").get("DRIVER")).isEqualTo("bridge");
        assertThat(table.row("NAME", "host").get("DRIVER")).isEqualTo("host");
        assertThat(table.row("NAME", "none").get("DRIVER")).isEqualTo("null");
        assertThat(berth.run("network", "ls", "-q").outLines()).contains(id.substring(0, 12));

        JsonNode inspected = inspectNetwork(name);
        assertThat(inspected.path("id").asString()).isEqualTo(id);
        assertThat(inspected.path("name").asString()).isEqualTo(name);
        assertThat(inspected.path("driver").asString()).isEqualTo("bridge");
        assertThat(inspected.path("subnet").asString()).as("subnet in %s", inspected).contains("/");

        CliResult rm = berth.run("network", "rm", name);

        assertThat(rm.exitCode()).as(rm::toString).isZero();
        assertThat(rm.out()).isEqualTo(name + "\n");
        assertThat(PrintedTable.parse(berth.run("network", "ls").out()).column("NAME")).doesNotContain(name);
        CliResult gone = berth.run("network", "inspect", name);
        assertThat(gone.exitCode()).as(gone::toString).isEqualTo(1);
        assertThat(gone.err()).contains("No such network: " + name);
    }

    @Test
    void createTakesTheSubnetAndGatewayGiven() {
        String name = network("subnet");
        // A /24 of the range the agent's own examples use, picked at random so that runs do not meet.
        String prefix = "10.92." + ThreadLocalRandom.current().nextInt(200, 250) + ".";

        berth.run("network", "create", "--subnet", prefix + "0/24", "--gateway", prefix + "254", name)
                .requireSuccess();

        JsonNode inspected = inspectNetwork(name);
        assertThat(inspected.path("subnet").asString()).isEqualTo(prefix + "0/24");
        assertThat(inspected.path("gateway").asString()).isEqualTo(prefix + "254");
    }

    @Test
    void builtInNetworksCannotBeRemoved() {
        CliResult rm = berth.run("network", "rm", "bridge", "none");

        assertThat(rm.exitCode()).as(rm::toString).isEqualTo(1);
        assertThat(rm.out()).as(rm::toString).isEmpty();
        assertThat(rm.err().lines()).as(rm::toString).hasSize(2);
    }

    @Test
    void aContainerOnAUserNetworkKeepsItFromBeingRemoved() {
        String network = network("attached");
        berth.run("network", "create", network).requireSuccess();
        String name = attachedContainer("on-net");
        berth.runDetached("--network", network, "--name", name, "busybox", "sleep", "1000");

        JsonNode settings = berth.inspect(name).path("networkSettings");
        assertThat(settings.path("network").asString()).as("networkSettings %s", settings).isEqualTo(network);
        assertThat(settings.path("ipAddress").asString()).as("networkSettings %s", settings).isNotBlank();
        assertThat(inspectNetwork(network).path("containers").valueStream()
                .map(container -> container.path("name").asString()))
                .containsExactly(name);

        CliResult refused = berth.run("network", "rm", network);
        assertThat(refused.exitCode()).as(refused::toString).isEqualTo(1);

        berth.run("rm", "-f", name).requireSuccess();
        CliResult rm = berth.run("network", "rm", network);
        assertThat(rm.exitCode()).as(rm::toString).isZero();
    }

    @Test
    void aPublishedPortServesHttpAndShowsInPortPsAndStats() throws Exception {
        String name = names.next("web");
        berth.runDetached("-p", "127.0.0.1::80", "--name", name, "busybox", "httpd", "-f", "-p", "80", "-h", "/etc");

        CliResult port = berth.run("port", name);
        assertThat(port.exitCode()).as(port::toString).isZero();
        Matcher mapping = MAPPING.matcher(port.out().strip());
        assertThat(mapping.matches()).as(port::toString).isTrue();
        int hostPort = Integer.parseInt(mapping.group(1));
        assertThat(hostPort).isBetween(1, 65535);
        assertThat(berth.run("port", name, "80/tcp").out()).isEqualTo("127.0.0.1:" + hostPort + "\n");
        CliResult notPublished = berth.run("port", name, "81");
        assertThat(notPublished.exitCode()).as(notPublished::toString).isEqualTo(1);
        assertThat(notPublished.err()).contains("no public port '81/tcp' published for " + name);

        HttpResponse<String> answer = getWhenListening(URI.create("http://127.0.0.1:" + hostPort + "/hostname"));
        assertThat(answer.statusCode()).as("GET /hostname: %s", answer.body()).isEqualTo(200);

        Map<String, String> ps = PrintedTable.parse(berth.run("ps").out()).row("NAMES", name);
        assertThat(ps.get("PORTS")).isEqualTo("127.0.0.1:" + hostPort + "->80/tcp");

        CliResult stats = berth.run("stats", "--no-stream", name);
        assertThat(stats.exitCode()).as(stats::toString).isZero();
        String netIo = PrintedTable.parse(stats.out()).row("NAME", name).get("NET I/O");
        assertThat(netIo).as(stats::toString).matches(NET_IO);
        // The request and its answer went through the container's eth0.
        assertThat(netIo).as(stats::toString).isNotEqualTo("0B / 0B");
    }

    @Test
    void aContainerWithoutANetworkShowsNoTraffic() {
        String name = names.next("no-net");
        berth.runDetached("--network", "none", "--name", name, "busybox", "sleep", "1000");

        CliResult stats = berth.run("stats", "--no-stream", name);

        assertThat(stats.exitCode()).as(stats::toString).isZero();
        assertThat(PrintedTable.parse(stats.out()).row("NAME", name).get("NET I/O")).isEqualTo("0B / 0B");
        assertThat(berth.run("port", name).out()).isEmpty();
    }

    /** {@code berth network inspect REF}, which must succeed, as the one JSON object it describes. */
    private JsonNode inspectNetwork(String ref) {
        CliResult result = berth.run("network", "inspect", ref).requireSuccess();
        JsonNode described = JSON.readTree(result.out());
        if (!described.isArray() || described.size() != 1) {
            throw new AssertionError("expected a JSON array of one object from " + result);
        }
        return described.get(0);
    }

    /** GETs {@code uri}, trying again while nothing answers yet: the container runs before its server listens. */
    private static HttpResponse<String> getWhenListening(URI uri) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + SERVER_START.toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (true) {
                try {
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("nothing answered " + uri + " within "
                                + SERVER_START.toSeconds() + " s", e);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    private static String[] words(List<String> verb, List<String> targets) {
        List<String> all = new ArrayList<>(verb);
        all.addAll(targets);
        return all.toArray(String[]::new);
    }
}
