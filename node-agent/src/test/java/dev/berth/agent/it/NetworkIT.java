package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Bridge networking as a client sees it: published ports from the host, names on user networks, isolation between
 * networks, refusals that leave nothing behind, and nothing left after many containers came and went.
 */
class NetworkIT extends FastAgentIT {
    /** Serves its own hostname at /, so that each answer says which container gave it. */
    static final List<String> HTTPD = List.of("sh", "-c",
            "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www");
    private final List<String> containers = new ArrayList<>();
    private final List<String> networks = new ArrayList<>();

    /** Under deploy/docker-coexistence.sh, Docker's rules must really be in force, or the run proves nothing. */
    @BeforeAll
    static void dockerIsThereWhenExpected() throws IOException {
        if (Boolean.getBoolean("berth.it.docker")) {
            assertThat(command("iptables", "-S", "FORWARD")).contains("-P FORWARD DROP");
            assertThat(Files.readString(Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables")).strip())
                    .isEqualTo("1");
        }
    }

    @AfterEach
    void removeWhatTheTestMade() {
        containers.forEach(id -> api.delete("/v1/containers/" + id + "?force=true"));
        networks.forEach(name -> api.delete("/v1/networks/" + name));
    }

    private String run(Map<String, Object> extra, List<String> cmd) {
        Map<String, Object> spec = new HashMap<>(extra);
        spec.put("image", "busybox");
        spec.put("cmd", cmd);
        String id = api.create(spec, true);
        containers.add(id);
        return id;
    }

    private String network(String name) {
        ApiClient.Response created = api.post("/v1/networks", Map.of("name", name));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        networks.add(name);
        return created.json().path("id").asString();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Runs a one-off container on {@code network} and returns its output. */
    private String probe(String network, String script) {
        return api.sh(script, Map.of("network", network)).stdout().strip();
    }

    @Test
    void httpdAnswersThroughAPublishedPortOnLoopbackAndOnTheBridgeAddress() {
        String name = unique("web");
        String id = run(Map.of("name", name, "hostname", "web-one",
                "ports", List.of(Map.of("containerPort", 80))), HTTPD);
        JsonNode settings = api.inspect(id).path("networkSettings");
        JsonNode port = settings.path("ports").get(0);
        int hostPort = port.path("hostPort").asInt();
        assertThat(port.path("hostIp").asString()).isEqualTo("0.0.0.0");
        assertThat(port.path("containerPort").asInt()).isEqualTo(80);
        assertThat(hostPort).isPositive();
        assertThat(settings.path("portDriver").asString()).isEqualTo("nftables");

        assertThat(Http.get("127.0.0.1", hostPort, "/", Duration.ofSeconds(5)))
                .isEqualTo(new Http.Reply(200, "web-one\n"));
        assertThat(Http.get(settings.path("gateway").asString(), hostPort, "/", Duration.ofSeconds(5)))
                .isEqualTo(new Http.Reply(200, "web-one\n"));
        // From another network namespace: a second container reaches it through the host's bridge address.
        assertThat(probe("bridge", "timeout 3 wget -q -O - http://" + settings.path("gateway").asString() + ":"
                + hostPort + "/")).isEqualTo("web-one");
        assertThat(api.get("/v1/containers/" + name + "/port").json().get(0).path("hostPort").asInt())
                .isEqualTo(hostPort);
    }

    @Test
    void aPortPublishedOnOneAddressAnswersThereOnly() throws IOException {
        int free = freePort();
        String id = run(Map.of("hostname", "web-two", "ports",
                List.of(Map.of("hostIp", "127.0.0.1", "hostPort", free, "containerPort", 80))), HTTPD);
        assertThat(Http.get("127.0.0.1", free, "/", Duration.ofSeconds(5)).body()).isEqualTo("web-two\n");
        String gateway = api.inspect(id).path("networkSettings").path("gateway").asString();
        assertThat(refused(gateway, free)).as("published on 127.0.0.1 only").isTrue();
    }

    @Test
    void containersOnOneNetworkReachEachOtherByNameAndNotAcrossNetworks() {
        String front = unique("front");
        String back = unique("back");
        network(front);
        network(back);
        String serverName = unique("api");
        String server = run(Map.of("name", serverName, "hostname", "api-host", "network", front), HTTPD);
        String serverIp = api.inspect(server).path("networkSettings").path("ipAddress").asString();
        waitForHttpd(front, serverName);

        assertThat(probe(front, "timeout 3 wget -q -O - http://" + serverName + "/")).isEqualTo("api-host");
        assertThat(resolves(front, serverName)).isTrue();
        assertThat(probe(back, "timeout 2 wget -q -O - http://" + serverIp + "/ || echo unreachable"))
                .isEqualTo("unreachable");
        assertThat(resolves(back, serverName)).isFalse();
        // The default network has no names, as with Docker.
        assertThat(resolves("bridge", serverName)).isFalse();

        // A peer that stops leaves the others' /etc/hosts.
        api.post("/v1/containers/" + server + "/stop?t=0");
        assertThat(resolves(front, serverName)).isFalse();
    }

    /** busybox has no getent; its ping says "bad address" for a name it cannot resolve. */
    private boolean resolves(String network, String name) {
        return !probe(network, "ping -c 1 -W 1 " + name + " 2>&1 | grep -q 'bad address' && echo unknown")
                .equals("unknown");
    }

    private void waitForHttpd(String network, String host) {
        String out = probe(network, "for i in $(seq 50); do timeout 1 wget -q -O - http://" + host
                + "/ >/dev/null 2>&1 && echo up && exit; sleep 0.1; done; echo down");
        assertThat(out).isEqualTo("up");
    }

    @Test
    void aHostPortInUseFailsTheCreateAndLeavesNothing() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            String name = unique("clash");
            int before = api.get("/v1/containers?all=true").json().size();
            Map<String, String> leasesBefore = leases("bridge");

            ApiClient.Response response = api.post("/v1/containers", Map.of("image", "busybox", "name", name,
                    "cmd", HTTPD, "ports", List.of(Map.of("hostIp", "127.0.0.1", "hostPort", port, "containerPort",
                            80))));

            assertThat(response.status()).as(response.body()).isEqualTo(409);
            assertThat(response.detail()).isEqualTo("cannot publish 127.0.0.1:" + port
                    + "/tcp: the host port is already in use");
            assertThat(api.get("/v1/containers?all=true").json().size()).isEqualTo(before);
            assertThat(api.get("/v1/containers/" + name).status()).isEqualTo(404);
            assertThat(leases("bridge")).isEqualTo(leasesBefore);
        }
    }

    @Test
    void aPortTakenBeforeStartFailsTheStartCleanlyAndTheContainerCanStartLater() throws IOException {
        int port = freePort();
        ApiClient.Response created = api.post("/v1/containers", Map.of("image", "busybox", "cmd", HTTPD,
                "hostname", "late", "ports", List.of(Map.of("hostIp", "127.0.0.1", "hostPort", port,
                        "containerPort", 80))));
        String id = created.json().path("id").asString();
        containers.add(id);
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            ApiClient.Response start = api.post("/v1/containers/" + id + "/start");
            assertThat(start.status()).as(start.body()).isEqualTo(409);
            assertThat(start.detail()).contains("127.0.0.1:" + port + "/tcp", "already in use");
            assertThat(api.inspect(id).path("state").path("running").asBoolean()).isFalse();
            assertThat(links()).noneMatch(l -> l.contains(id.substring(0, 10)));
        }
        assertThat(api.post("/v1/containers/" + id + "/start").status()).isEqualTo(204);
        assertThat(Http.get("127.0.0.1", port, "/", Duration.ofSeconds(5)).body()).isEqualTo("late\n");
    }

    @Test
    void stoppingAContainerFreesItsPortAndRemovesItsRule() throws IOException {
        int port = freePort();
        String id = run(Map.of("ports", List.of(Map.of("hostIp", "127.0.0.1", "hostPort", port, "containerPort",
                80))), HTTPD);
        assertThat(canBind(port)).as("held while it runs").isFalse();
        assertThat(nft("list map ip berth_fast ports_addr")).contains("127.0.0.1 . tcp . " + port);

        api.post("/v1/containers/" + id + "/stop?t=0");

        assertThat(canBind(port)).isTrue();
        assertThat(nft("list map ip berth_fast ports_addr")).doesNotContain(". " + port + " :");
        assertThat(api.get("/v1/containers/" + id + "/port").json().size()).isZero();
    }

    @Test
    void statsCountTheContainersTraffic() {
        String id = run(Map.of(), List.of("sh", "-c", "ping -c 3 -i 0.2 -s 1000 $(ip route | awk '/default/ "
                + "{print $3}'); sleep 100"));
        LimitsIT.sleep(Duration.ofMillis(900));
        JsonNode network = api.get("/v1/containers/" + id + "/stats").json().path("network");
        assertThat(network.path("txBytes").asLong()).isGreaterThanOrEqualTo(3000);
        assertThat(network.path("rxBytes").asLong()).isGreaterThanOrEqualTo(3000);
        assertThat(network.path("txPackets").asLong()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void hundredContainersComeAndGoWithoutLeavingAnythingBehind() {
        String networkName = unique("churn");
        network(networkName);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String id = api.create(Map.of("image", "busybox", "cmd", List.of("true"), "network",
                    i % 2 == 0 ? "bridge" : networkName, "ports", List.of(Map.of("containerPort", 80))), true);
            ids.add(id);
            api.await(id);
            assertThat(api.delete("/v1/containers/" + id).status()).isEqualTo(204);
        }
        List<String> links = links();
        String table = nft("list table ip berth_fast");
        for (String id : ids) {
            assertThat(links).noneMatch(l -> l.contains("veth" + id.substring(0, 10)));
            assertThat(leases("bridge")).doesNotContainValue(id);
            assertThat(leases(networkName)).doesNotContainValue(id);
        }
        assertThat(table).doesNotContain("tcp . ");
        assertThat(api.get("/v1/networks/" + networkName).json().path("containers").size()).isZero();
    }

    @Test
    void networksCanBeListedInspectedAndRemovedOnlyWhenUnused() {
        String name = unique("ls");
        String id = network(name);
        JsonNode inspected = api.get("/v1/networks/" + id.substring(0, 12)).json();
        assertThat(inspected.path("name").asString()).isEqualTo(name);
        assertThat(inspected.path("subnet").asString()).startsWith("10.94.").endsWith("/24");
        assertThat(links()).anyMatch(l -> l.contains(inspected.path("bridge").asString()));
        List<String> names = new ArrayList<>();
        api.get("/v1/networks").json().forEach(n -> names.add(n.path("name").asString()));
        assertThat(names).contains("bridge", "host", "none", name);

        String container = run(Map.of("network", name), List.of("sleep", "100"));
        assertThat(api.delete("/v1/networks/" + name).status()).isEqualTo(409);
        assertThat(api.delete("/v1/networks/bridge").status()).isEqualTo(409);
        ApiClient.Response duplicate = api.post("/v1/networks", Map.of("name", name));
        assertThat(duplicate.status()).isEqualTo(409);
        ApiClient.Response overlapping = api.post("/v1/networks", Map.of("name", unique("o"), "subnet",
                inspected.path("subnet").asString()));
        assertThat(overlapping.status()).isEqualTo(409);
        assertThat(overlapping.detail()).contains("overlaps network " + name);
        ApiClient.Response malformed = api.post("/v1/networks", Map.of("name", unique("m"), "subnet", "10.99.0.1/24"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.detail()).contains("host bits set");

        api.delete("/v1/containers/" + container + "?force=true");
        assertThat(api.delete("/v1/networks/" + name).status()).isEqualTo(204);
        networks.remove(name);
        assertThat(api.get("/v1/networks/" + name).status()).isEqualTo(404);
        assertThat(links()).noneMatch(l -> l.contains(inspected.path("bridge").asString()));
    }

    @Test
    void hostModeSharesTheHostsNetworkAndRefusesPorts() {
        ApiClient.Run run = api.sh("ls /sys/class/net", Map.of("network", "host"));
        assertThat(run.stdout().lines().toList()).contains("lo", "berthfast0");
        ApiClient.Response refused = api.post("/v1/containers", Map.of("image", "busybox", "network", "host",
                "ports", List.of(Map.of("containerPort", 80))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.detail()).contains("uses the host's ports directly");
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private Map<String, String> leases(String network) {
        String id = api.get("/v1/networks/" + network).json().path("id").asString();
        Path file = Path.of(System.getProperty("berth.it.dir", "target/it"), "fast", "state", "networks",
                id + ".leases.json");
        try {
            if (!Files.exists(file)) {
                return Map.of();
            }
            Map<String, String> leases = new HashMap<>();
            tools.jackson.databind.json.JsonMapper.builder().build().readTree(Files.readString(file))
                    .path("byAddress").properties().forEach(e -> leases.put(e.getKey(), e.getValue().asString()));
            return leases;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> links() {
        return command("ip", "-o", "link", "show").lines().toList();
    }

    static String nft(String command) {
        List<String> argv = new ArrayList<>(List.of("nft"));
        argv.addAll(List.of(command.split(" ")));
        return command(argv.toArray(String[]::new));
    }

    static String command(String... argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean refused(String host, int port) {
        try {
            Http.getOnce(host, port, "/");
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
