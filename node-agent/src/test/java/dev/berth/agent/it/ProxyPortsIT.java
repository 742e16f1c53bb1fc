package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.NodeAgentApplication;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Published ports through the userspace proxy, the fallback for hosts where kernel NAT cannot be used. */
class ProxyPortsIT {
    private static final Path DIR = Path.of(System.getProperty("berth.it.dir", "target/it"), "proxy");
    private static ConfigurableApplicationContext agent;
    private static ApiClient api;

    @BeforeAll
    static void startAgent() throws IOException {
        Root.require();
        AgentIT.deleteTree(DIR);
        agent = new SpringApplicationBuilder(NodeAgentApplication.class).properties(
                "berth.agent.state-dir=" + DIR.resolve("state"),
                "berth.agent.run-dir=" + DIR.resolve("run"),
                "berth.agent.network.port-driver=userspace-proxy",
                "berth.agent.network.default-bridge=berthproxy0",
                "berth.agent.network.default-subnet=10.99.0.0/16",
                "berth.agent.network.pool=10.100.0.0/16",
                "berth.agent.network.table=berth_proxy")
                // A default property would lose to application.properties (7700, where an installed agent listens).
                .run("--server.port=0");
        api = new ApiClient(Integer.parseInt(agent.getEnvironment().getProperty("local.server.port")));
        assertThat(api.importTar(BusyboxImage.tar(), "busybox:latest").status()).isEqualTo(201);
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aPublishedPortAnswersThroughTheProxyAndIsFreedAtStop() throws IOException {
        int port = NetworkIT.freePort();
        String id = api.create(Map.of("image", "busybox", "hostname", "proxied", "cmd", NetworkIT.HTTPD,
                "ports", List.of(Map.of("hostIp", "127.0.0.1", "hostPort", port, "containerPort", 80))), true);
        try {
            assertThat(api.inspect(id).path("networkSettings").path("portDriver").asString())
                    .isEqualTo("userspace-proxy");
            assertThat(Http.get("127.0.0.1", port, "/", Duration.ofSeconds(5)))
                    .isEqualTo(new Http.Reply(200, "proxied\n"));
            assertThat(NetworkIT.nft("list map ip berth_proxy ports_addr")).as("no NAT entry: the proxy serves it")
                    .doesNotContain(". " + port + " :");

            ApiClient.Response clash = api.post("/v1/containers", Map.of("image", "busybox", "cmd", NetworkIT.HTTPD,
                    "ports", List.of(Map.of("hostIp", "127.0.0.1", "hostPort", port, "containerPort", 80))));
            assertThat(clash.status()).isEqualTo(409);

            api.post("/v1/containers/" + id + "/stop?t=0");
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        } finally {
            api.delete("/v1/containers/" + id + "?force=true");
        }
    }
}
