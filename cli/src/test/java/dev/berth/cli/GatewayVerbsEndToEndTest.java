package dev.berth.cli;

import static dev.berth.cli.FakeAgent.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.signal.SignalTrap;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI in-process against a stand-in for the api-gateway: with a token every request goes to the one host and
 * carries it, the gateway's refusals read as one line each, and without a token nothing changes.
 */
class GatewayVerbsEndToEndTest {

    private static final String TOKEN = "berth_0123456789abcdef_c2VjcmV0";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path home;

    private FakeAgent gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = new FakeAgent();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private CliRun berth(Map<String, String> more, String... args) {
        Map<String, String> env = new HashMap<>(more);
        env.put("HOME", home.toString());
        return CliRun.run(env, args);
    }

    private CliRun withToken(String... args) {
        return berth(Map.of("BERTH_HOST", gateway.url(), "BERTH_TOKEN", TOKEN), args);
    }

    private static FakeAgent.Responder refusal(int status, String title, String detail, String retryAfter) {
        return (request, exchange) -> {
            if (retryAfter != null) {
                exchange.getResponseHeaders().set("Retry-After", retryAfter);
            }
            FakeAgent.send(exchange, status, "application/problem+json", ("{\"type\":\"https://berth.dev/problems/x\","
                    + "\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        };
    }

    @Test
    void withATokenTheAgentAndTheSchedulerAreReachedThroughTheOneHostAndEveryRequestCarriesIt() {
        gateway.on("GET", "/v1/containers", json(200, "[]"));
        gateway.on("GET", "/api/v1/apps", json(200, """
                [{"tenant": "acme", "name": "shop", "createdAt": "2026-11-27T11:00:00Z", "services": []}]"""));

        CliRun ps = withToken("ps");
        CliRun apps = withToken("app", "ls", "-q");

        assertThat(ps.exitCode).as(ps.toString()).isZero();
        assertThat(apps.exitCode).as(apps.toString()).isZero();
        assertThat(apps.out).isEqualTo("shop\n");
        assertThat(gateway.requests()).extracting(FakeAgent.Request::authorization).containsOnly("Bearer " + TOKEN);
        // The scheduler is the gateway itself: the agent was never asked where one is.
        assertThat(gateway.indexOf("GET", "/v1/info")).isEqualTo(-1);
    }

    @Test
    void aPushToTheGatewaysRegistryHandsTheTokenToTheAgentAndToAnyOtherRegistryDoesNot() throws Exception {
        String pushed = "{\"status\":\"pushed\",\"id\":\"sha256:" + "ab".repeat(32) + "\",\"reference\":\"x\","
                + "\"digest\":\"sha256:" + "cd".repeat(32) + "\"}\n";
        gateway.on("POST", "/v1/images/push", (request, exchange) -> FakeAgent.send(exchange, 200,
                "application/x-ndjson", pushed.getBytes(StandardCharsets.UTF_8)));
        String authority = URI.create(gateway.url()).getAuthority();

        CliRun toGateway = withToken("push", authority + "/acme/web:1");
        CliRun elsewhere = withToken("push", "registry.example:5000/acme/web:1");
        CliRun defaultRegistry = withToken("push", "acme/web:1");

        assertThat(toGateway.exitCode).as(toGateway.toString()).isZero();
        assertThat(elsewhere.exitCode).as(elsewhere.toString()).isZero();
        List<FakeAgent.Request> pushes = gateway.requests().stream()
                .filter(request -> request.path().equals("/v1/images/push")).toList();
        assertThat(pushes).hasSize(3);
        JsonNode auth = JsonMapper.builder().build().readTree(Base64.getUrlDecoder().decode(
                pushes.get(0).registryAuth()));
        assertThat(auth.path("password").asString()).isEqualTo(TOKEN);
        assertThat(pushes.get(1).registryAuth()).as("another registry never sees the token").isEmpty();
        assertThat(pushes.get(2).registryAuth()).as("the node's default registry gets the internal token").isEmpty();
    }

    @Test
    void withoutATokenNoAuthorizationIsSent() {
        gateway.on("GET", "/v1/containers", json(200, "[]"));

        CliRun ps = berth(Map.of("BERTH_HOST", gateway.url()), "ps");

        assertThat(ps.exitCode).as(ps.toString()).isZero();
        assertThat(gateway.first("GET", "/v1/containers").authorization()).isEmpty();
    }

    @Test
    void theGatewaysRefusalsAreOneLineEach() {
        gateway.on("GET", "/api/v1/apps", refusal(401, "Unauthorized",
                "the token 0123456789abcdef was revoked", null));
        gateway.on("GET", "/v1/containers", refusal(403, "Missing scope",
                "this needs an admin token of the platform tenant", null));
        gateway.on("GET", "/api/v1/nodes", refusal(429, "Too many requests",
                "this token's rate limit is reached; retry after 7 s", "7"));
        gateway.on("GET", "/api/v1/tenants", refusal(413, "Request body too large",
                "the request body is larger than 1048576 bytes (berth.gateway.max-request-body)", null));
        gateway.on("DELETE", "/api/v1/tokens/.*", refusal(404, "Not found", "no token feedfeedfeedfeed", null));

        assertThat(withToken("app", "ls").err).isEqualTo("berth: the token was refused (401): the token"
                + " 0123456789abcdef was revoked. Log in again with berth login.\n");
        assertThat(withToken("ps").err).isEqualTo("berth: the token may not do this (403): this needs an admin"
                + " token of the platform tenant\n");
        assertThat(withToken("node", "ls").err).isEqualTo("berth: too many requests with this token (429):"
                + " retry after 7 s\n");
        assertThat(withToken("tenant", "ls").err).isEqualTo("berth: the request is too large for the gateway"
                + " (413): the request body is larger than 1048576 bytes (berth.gateway.max-request-body)\n");
        CliRun missing = withToken("token", "revoke", "feedfeedfeedfeed");
        assertThat(missing.exitCode).isEqualTo(1);
        assertThat(missing.err).isEqualTo("berth: not found: no token feedfeedfeedfeed\n");
    }

    @Test
    void aListingIsReadPageAfterPageAndPrintedAsJson() {
        gateway.on("GET", "/api/v1/tokens", (request, exchange) -> json(200, request.param("after") == null
                ? """
                {"items": [{"id": "0000000000000001", "tenant": "acme", "principal": "ci", "kind": "service-account",
                            "scopes": ["read"], "created": "2026-11-27T11:00:00Z"}],
                 "next": "0000000000000001"}"""
                : """
                {"items": [{"id": "0000000000000002", "tenant": "acme", "principal": "bob", "kind": "user",
                            "scopes": ["deploy", "read"], "created": "2026-11-27T11:00:00Z",
                            "revoked": "2026-11-27T11:30:00Z"}]}""").respond(request, exchange));

        CliRun json = withToken("token", "ls", "--tenant", "acme", "--format", "json");
        CliRun table = withToken("token", "ls", "--tenant", "acme");

        assertThat(json.exitCode).as(json.toString()).isZero();
        JsonNode tokens = JSON.readTree(json.out);
        assertThat(tokens.isArray()).isTrue();
        assertThat(tokens).extracting(t -> t.get("id").asString())
                .containsExactly("0000000000000001", "0000000000000002");
        assertThat(gateway.first("GET", "/api/v1/tokens").param("tenant")).isEqualTo("acme");
        assertThat(table.out).contains("revoked").contains("active").contains("deploy,read");
        assertThat(withToken("token", "ls", "--format", "yaml").err)
                .startsWith("berth token ls: --format takes \"json\", not \"yaml\"");
    }

    @Test
    void loginStoresTheTokenOnlyOnceTheGatewayHasAcceptedIt() throws Exception {
        gateway.on("GET", "/api/v1/whoami", (request, exchange) -> (request.authorization().equals("Bearer " + TOKEN)
                ? json(200, """
                        {"tenant": "acme", "principal": "ci", "token": "0123456789abcdef", "scopes": ["read"],
                         "platformAdmin": false}""")
                : refusal(401, "Unauthorized", "unknown token", null)).respond(request, exchange));
        Path config = home.resolve(".berth/config.json");

        CliRun bad = CliRun.run(Map.of("HOME", home.toString()), SignalTrap.none(),
                "berth_0123456789abcdef_wrong\n".getBytes(StandardCharsets.UTF_8), "login", gateway.url(),
                "--token-stdin");
        assertThat(bad.exitCode).isEqualTo(1);
        assertThat(bad.err).isEqualTo("berth: the token was refused (401): unknown token. Log in again with"
                + " berth login.\n");
        assertThat(config).doesNotExist();

        CliRun good = CliRun.run(Map.of("HOME", home.toString()), SignalTrap.none(),
                (TOKEN + "\n").getBytes(StandardCharsets.UTF_8), "login", gateway.url(), "--token-stdin");
        assertThat(good.exitCode).as(good.toString()).isZero();
        assertThat(good.out).isEqualTo("Login Succeeded\nLogged in to " + gateway.url()
                + " as ci of tenant acme (scopes read)\n");
        JsonNode stored = JSON.readTree(Files.readString(config));
        assertThat(stored.get("host").asString()).isEqualTo(gateway.url());
        assertThat(stored.get("token").asString()).isEqualTo(TOKEN);

        CliRun logout = berth(Map.of(), "logout");
        assertThat(logout.out).isEqualTo("Removing login credentials for " + gateway.url() + "\n");
        assertThat(JSON.readTree(Files.readString(config)).has("token")).isFalse();
    }

    @Test
    void loginToSomethingElseSaysItIsNoGateway() {
        CliRun run = CliRun.run(Map.of("HOME", home.toString()), SignalTrap.none(),
                TOKEN.getBytes(StandardCharsets.UTF_8), "login", gateway.url(), "--token-stdin");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).isEqualTo("berth: " + gateway.url() + " is not a Berth api-gateway: it has no"
                + " /api/v1/whoami\n");
        assertThat(home.resolve(".berth/config.json")).doesNotExist();
    }

    @Test
    void aContainersLogsAreReadByItsFullIdWhenTheGatewayKeepsATenantFromTheAgent() {
        String id = "e".repeat(64);
        gateway.on("GET", "/v1/containers/.*", refusal(403, "Missing scope",
                "this needs an admin token of the platform tenant", null));
        gateway.on("GET", "/api/v1/logs", (request, exchange) -> FakeAgent.send(exchange, 200,
                "application/vnd.berth.multiplexed-stream", FakeAgent.frame(2, "oops\n")));

        CliRun logs = withToken("logs", id);
        CliRun byName = withToken("logs", "web");

        assertThat(logs.exitCode).as(logs.toString()).isZero();
        assertThat(logs.err).isEqualTo("oops\n");
        assertThat(gateway.first("GET", "/api/v1/logs").param("container")).isEqualTo(id);
        assertThat(gateway.first("GET", "/v1/containers/" + id + "/logs").authorization())
                .isEqualTo("Bearer " + TOKEN);
        assertThat(byName.exitCode).isEqualTo(1);
        assertThat(byName.err).startsWith("berth: the token may not do this (403)");
    }

    @Test
    void aPlatformAdminReadsAContainersLogsFromTheAgentBehindTheGateway() {
        gateway.on("GET", "/v1/containers/web/logs", (request, exchange) -> FakeAgent.send(exchange, 200,
                "application/vnd.berth.multiplexed-stream", FakeAgent.frame(1, "from the agent\n")));

        CliRun logs = withToken("logs", "web");

        assertThat(logs.exitCode).as(logs.toString()).isZero();
        assertThat(logs.out).isEqualTo("from the agent\n");
        assertThat(gateway.indexOf("GET", "/api/v1/logs")).isEqualTo(-1);
    }

    @Test
    void appLogsComeFromLogServiceBehindTheGateway() {
        gateway.on("GET", "/api/v1/logs", (request, exchange) -> FakeAgent.send(exchange, 200,
                "application/vnd.berth.multiplexed-stream", FakeAgent.frame(1, "hello\n")));

        CliRun logs = withToken("logs", "--app", "shop");

        assertThat(logs.exitCode).as(logs.toString()).isZero();
        assertThat(logs.out).isEqualTo("hello\n");
        assertThat(gateway.first("GET", "/api/v1/logs").authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(gateway.first("GET", "/api/v1/logs").param("app")).isEqualTo("shop");
        assertThat(gateway.indexOf("GET", "/v1/info")).isEqualTo(-1);
    }
}
