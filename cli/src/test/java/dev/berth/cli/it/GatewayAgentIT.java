package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The node agent's verbs through the api-gateway: {@code bin/berth}, logged in to the real gateway jar, drives a real
 * node agent of its own behind it, as a platform admin may; a tenant's token is turned away with one line.
 */
class GatewayAgentIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static NodeUnderTest node;
    private static ServiceProcess gateway;
    private static Cli admin;
    private static Path work;

    @BeforeAll
    static void startAnAgentBehindTheGateway() throws Exception {
        node = NodeUnderTest.startOwn("gateway-agent-", List.of("--berth.agent.network.default-bridge=berthgwcli0",
                "--berth.agent.network.default-subnet=10.65.0.0/16", "--berth.agent.network.pool=10.66.0.0/16",
                "--berth.agent.network.table=berth_gwcli"));
        work = Files.createTempDirectory(Files.createDirectories(SourceTree.root().resolve("cli/target/it")),
                "gateway-agent-");
        Path javaHome = Path.of(System.getProperty("java.home"));
        gateway = ServiceProcess.gateway(javaHome.resolve("bin/java"), work.resolve("gateway"),
                "gateway_cli_agent_it", ServiceProcess.NOWHERE, node.agent().url().toString());
        Path home = Files.createDirectories(work.resolve("home-admin"));
        admin = new Cli(SourceTree.launcher(), javaHome, Files.createDirectories(work.resolve("cache")),
                Map.of("HOME", home.toString()));
        String token = Files.readString(work.resolve("gateway/admin-token"), StandardCharsets.UTF_8).strip();
        admin.runWithInput((token + "\n").getBytes(StandardCharsets.UTF_8), "login", gateway.url(), "--token-stdin")
                .requireSuccess();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void aPlatformAdminRunsListsAndRemovesContainersThroughTheGateway() {
        CliResult attached = admin.run("run", "--rm", "busybox", "echo", "hello through the gateway");
        assertThat(attached.exitCode()).as(attached::toString).isZero();
        assertThat(attached.out()).isEqualTo("hello through the gateway\n");

        // -i goes over the agent's attach WebSocket, which the gateway passes through.
        CliResult piped = admin.runWithInput("typed in\n".getBytes(StandardCharsets.UTF_8), "run", "-i", "--rm",
                "busybox", "cat");
        assertThat(piped.exitCode()).as(piped::toString).isZero();
        assertThat(piped.out()).isEqualTo("typed in\n");

        admin.run("run", "--name", "gw-echo", "busybox", "echo", "logged").requireSuccess();
        CliResult logs = admin.run("logs", "gw-echo");
        assertThat(logs.exitCode()).as(logs::toString).isZero();
        assertThat(logs.out()).isEqualTo("logged\n");
        admin.run("rm", "gw-echo").requireSuccess();

        String id = admin.runDetached("--name", "gw-web", "busybox", "sleep", "300");
        JsonNode listed = JSON.readTree(admin.run("ps", "--format", "json").requireSuccess().out());
        assertThat(listed.valueStream().map(c -> c.get("id").asString())).contains(id);
        assertThat(listed.valueStream().map(c -> c.get("name").asString())).contains("gw-web");
        CliResult exec = admin.run("exec", "gw-web", "echo", "inside");
        assertThat(exec.exitCode()).as(exec::toString).isZero();
        assertThat(exec.out()).isEqualTo("inside\n");
        // The exit message is the last one before the close; the gateway's relay must never lose it.
        for (int code = 1; code <= 10; code++) {
            CliResult exited = admin.run("exec", "gw-web", "sh", "-c", "echo " + code + "; exit " + code);
            assertThat(exited.exitCode()).as(exited::toString).isEqualTo(code);
            assertThat(exited.out()).isEqualTo(code + "\n");
        }

        CliResult removed = admin.run("rm", "-f", "gw-web");
        assertThat(removed.exitCode()).as(removed::toString).isZero();
        assertThat(admin.run("ps", "-a", "-q").requireSuccess().out()).doesNotContain(id.substring(0, 12));
        // The same agent, asked directly, agrees: the requests went to it.
        assertThat(node.cli().run("ps", "-a", "-q").requireSuccess().out()).doesNotContain(id.substring(0, 12));
    }

    @Test
    void aTenantsTokenIsTurnedAwayFromTheAgentWithOneLine() {
        admin.run("tenant", "create", "umbrella").requireSuccess();
        String token = admin.run("token", "create", "--tenant", "umbrella", "--principal", "ops", "--scope",
                "read,deploy").requireSuccess().out().strip();

        CliResult ps = admin.with(Map.of("BERTH_TOKEN", token)).run("ps");

        assertThat(ps.exitCode()).isEqualTo(1);
        assertThat(ps.err()).isEqualTo("berth: the token may not do this (403): this needs an admin token of the"
                + " platform tenant\n");
    }
}
