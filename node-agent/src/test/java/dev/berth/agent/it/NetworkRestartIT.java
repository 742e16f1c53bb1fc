package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.NodeAgentApplication;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An agent restarted while its containers run: they keep their addresses, names and published ports, the ports are
 * held by the agent again, and stopping a container afterwards still removes its rule.
 */
class NetworkRestartIT {
    private static final Path DIR = Path.of(System.getProperty("berth.it.dir", "target/it"), "restart");

    @BeforeAll
    static void clean() throws IOException {
        Root.require();
        AgentIT.deleteTree(DIR);
    }

    private static ConfigurableApplicationContext startAgent() {
        return new SpringApplicationBuilder(NodeAgentApplication.class).properties(
                "berth.agent.state-dir=" + DIR.resolve("state"),
                "berth.agent.run-dir=" + DIR.resolve("run"),
                "berth.agent.launch-mode=fast",
                "berth.agent.network.default-bridge=berthrst0",
                "berth.agent.network.default-subnet=10.97.0.0/16",
                "berth.agent.network.pool=10.98.0.0/16",
                "berth.agent.network.table=berth_restart")
                // A default property would lose to application.properties (7700, where an installed agent listens).
                .run("--server.port=0");
    }

    private static ApiClient client(ConfigurableApplicationContext agent) {
        return new ApiClient(Integer.parseInt(agent.getEnvironment().getProperty("local.server.port")));
    }

    @Test
    void containersKeepTheirNetworkingAcrossAnAgentRestart() throws IOException {
        ConfigurableApplicationContext first = startAgent();
        ApiClient api = client(first);
        assertThat(api.importTar(BusyboxImage.tar(), "busybox:latest").status()).isEqualTo(201);
        assertThat(api.post("/v1/networks", Map.of("name", "app")).status()).isEqualTo(201);
        int port = NetworkIT.freePort();
        String web = api.create(Map.of("image", "busybox", "name", "web", "hostname", "web", "network", "app",
                "cmd", NetworkIT.HTTPD, "ports", List.of(Map.of("hostIp", "127.0.0.1", "hostPort", port,
                        "containerPort", 80))), true);
        String client = api.create(Map.of("image", "busybox", "name", "client", "network", "app",
                "cmd", List.of("sleep", "1000")), true);
        assertThat(Http.get("127.0.0.1", port, "/", Duration.ofSeconds(5)).body()).isEqualTo("web\n");

        first.close();
        // With the agent gone, kernel NAT still serves the port.
        assertThat(Http.get("127.0.0.1", port, "/", Duration.ofSeconds(5)).body()).isEqualTo("web\n");

        ConfigurableApplicationContext second = startAgent();
        try {
            api = client(second);
            assertThat(api.inspect(web).path("state").path("running").asBoolean()).isTrue();
            assertThat(Http.get("127.0.0.1", port, "/", Duration.ofSeconds(5)).body()).isEqualTo("web\n");
            assertThat(NetworkIT.canBind(port)).as("the agent holds the port again").isFalse();
            assertThat(NetworkIT.nft("list map ip berth_restart ports_addr")).contains("127.0.0.1 . tcp . " + port);
            // Names still resolve, and a container started now joins them.
            String peer = api.create(Map.of("image", "busybox", "network", "app", "cmd", List.of("sh", "-c",
                    "timeout 3 wget -q -O - http://web/; grep -cw client /etc/hosts")), true);
            api.await(peer);
            assertThat(ApiClient.text(api.logs(peer, "")).lines().toList()).containsExactly("web", "1");

            api.post("/v1/containers/" + web + "/stop?t=0");
            assertThat(NetworkIT.canBind(port)).isTrue();
            assertThat(NetworkIT.nft("list map ip berth_restart ports_addr")).doesNotContain(". " + port + " :");
            for (String id : List.of(web, client, peer)) {
                assertThat(api.delete("/v1/containers/" + id + "?force=true").status()).isEqualTo(204);
            }
            assertThat(api.delete("/v1/networks/app").status()).isEqualTo(204);
        } finally {
            second.close();
        }
    }
}
