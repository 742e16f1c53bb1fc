package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may read and change what through the api-gateway, route by route. Every service is its real jar on its own
 * schema (the gateway, the scheduler, log-service, registry-service), and a real node agent is a node of that
 * scheduler and ships its containers' output to that log-service. Tenant acme owns an app with a running container
 * and an image; globex owns its own. For each route of {@link #routes()} and each caller:
 * <ul>
 *   <li>acme, the owner, gets its answer, with its data in it;</li>
 *   <li>globex gets 404 (from a list, its own items only), never 403 and never acme's data;</li>
 *   <li>no token gets 401 with a {@code WWW-Authenticate} challenge, and so does a token revoked a moment before;</li>
 *   <li>the agent's API (containers, exec, attach) is a platform admin's: either tenant's token gets 403.</li>
 * </ul>
 * A new route is one line of the table. The rows run in order, the other callers before the owner, so the changes
 * another tenant is refused come before the owner's own, and the app is deleted last.
 */
class GatewayMatrixIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** The ports of this test: 7930-7939. */
    private static final int FIRST_PORT = 7930;
    private static final int LAST_PORT = 7939;
    private static final String SECRET_LINE = "acme-secret-line";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final Duration SETTLE = Duration.ofSeconds(90);

    /** Who calls: nobody, a revoked token of acme, the two tenants' admins, the platform admin. */
    enum Caller { NONE, REVOKED, GLOBEX, ACME, PLATFORM }

    /**
     * One route and what each caller gets. {@code owner}: acme's status, its answer containing {@code secret} when
     * it is a read that succeeds; {@code other}: globex's status, its answer never containing {@code secret};
     * {@code platform}: the platform admin's status, or 0 where it is not asked. Without a valid token: 401.
     */
    record Route(String method, String path, @Nullable String body, int owner, int other, String secret,
                 int platform) {
        static Route get(String path, int owner, int other, String secret) {
            return new Route("GET", path, null, owner, other, secret, 0);
        }

        static Route change(String method, String path, @Nullable String body, int owner, String secret) {
            return new Route(method, path, body, owner, 404, secret, 0);
        }

        /** The agent's: refused to tenants' tokens. */
        static Route agent(String method, String path, @Nullable String body, int platform, String secret) {
            return new Route(method, path, body, 403, 403, secret, platform);
        }

        boolean stream() {
            return path.contains("follow=true");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static NodeUnderTest node;
    private static final List<ServiceProcess> services = new ArrayList<>();
    private static ServiceProcess gateway;
    private static String platform;
    private static String acme;
    private static String globex;
    private static String revoked;
    private static String container;
    private static String manifest;
    private static String manifestDigest;
    private static String blobDigest;

    @BeforeAll
    static void startEveryServiceAndGiveEachTenantAnAppAndAnImage() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(SourceTree.root().resolve("cli/target/it")),
                "gateway-matrix-");
        Path java = Path.of(System.getProperty("java.home"), "bin/java");
        ServiceProcess logs = service("log-service", java, work, "logs_matrix_it", List.of());
        ServiceProcess registry = service("registry-service", java, work, "registry_matrix_it",
                List.of("--berth.registry.data-dir=" + work.resolve("registry-data")));
        ServiceProcess scheduler = service("scheduler", java, work, "scheduler_matrix_it", List.of());
        node = NodeUnderTest.startOwn("gateway-matrix-agent-", List.of(
                "--berth.agent.network.default-bridge=berthmxcli0", "--berth.agent.network.default-subnet=10.67.0.0/16",
                "--berth.agent.network.pool=10.68.0.0/16", "--berth.agent.network.table=berth_mxcli",
                NodeAgent.SHIP_LOGS_TO + logs.url(), "--berth.agent.logs.node=matrix-node",
                "--berth.agent.cluster.scheduler=" + scheduler.url(), "--berth.agent.cluster.node-id=matrix-node",
                "--berth.agent.cluster.heartbeat=500ms", "--berth.agent.cluster.stop-timeout=1s",
                "--berth.agent.cluster.cpu=2", "--berth.agent.cluster.memory=1GB"),
                ServiceProcess.freePortIn(FIRST_PORT, LAST_PORT));
        gateway = service("api-gateway", java, work, "gateway_matrix_it", List.of(
                "--berth.gateway.bootstrap-token-file=" + work.resolve("admin-token"),
                "--berth.gateway.upstreams.scheduler=" + scheduler.url(),
                "--berth.gateway.upstreams.logs=" + logs.url(),
                "--berth.gateway.upstreams.registry=" + registry.url(),
                "--berth.gateway.upstreams.agent=" + node.agent().url()));
        platform = Files.readString(work.resolve("admin-token"), StandardCharsets.UTF_8).strip();
        acme = tenantAdmin("acme", "boss");
        globex = tenantAdmin("globex", "boss");

        revoked = tenantAdmin("acme", "leaver");
        HttpResponse<String> before = call("GET", "/api/v1/whoami", revoked, null);
        assertThat(before.statusCode()).isEqualTo(200);
        String id = JSON.readTree(before.body()).get("token").asString();
        assertThat(call("DELETE", "/api/v1/tokens/" + id, platform, null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/v1/whoami", revoked, null).statusCode())
                .as("the first request after the revocation").isEqualTo(401);

        created(call("POST", "/api/v1/apps", acme, app("shop", "echo " + SECRET_LINE + "; exec sleep 3600")));
        created(call("POST", "/api/v1/apps", globex, app("depot", "echo globex-line; exec sleep 3600")));
        container = awaitContainer("shop");
        awaitContainer("depot");
        // The agent reports the id of the container that runs each replica; acme's ps shows it.
        await(() -> call("GET", "/api/v1/apps/shop/services/web/ps", acme, null).body().contains(container),
                "the container's id in acme's ps");
        await(() -> call("GET", "/api/v1/logs?container=" + container, acme, null).body().contains(SECRET_LINE),
                "acme's container's output in log-service");

        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8);
        blobDigest = pushBlob(acme, "acme/web", config);
        manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + blobDigest + "\",\"size\":"
                + config.length + "},\"layers\":[],\"annotations\":{\"owner\":\"acme-image\"}}";
        manifestDigest = digest(manifest.getBytes(StandardCharsets.UTF_8));
        created(call("PUT", "/v2/acme/web/manifests/1", acme, manifest));
        String globexBlob = pushBlob(globex, "globex/api", "{}".getBytes(StandardCharsets.UTF_8));
        created(call("PUT", "/v2/globex/api/manifests/1", globex, "{\"schemaVersion\":2,\"mediaType\":\""
                + OCI_MANIFEST + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"" + globexBlob + "\",\"size\":2},\"layers\":[]}"));
    }

    /**
     * The table: every tenant-facing route. A list answers globex 200 without acme's items; what names one of acme's
     * things (a log query by app or container included) answers it 404. A row's secret is acme's data, never a name
     * the request itself carries, since an error may echo those.
     */
    static List<Route> routes() {
        String web = "/api/v1/apps/shop/services/web";
        return List.of(
                // lists
                Route.get("/api/v1/apps", 200, 200, "\"shop\""),
                Route.get("/api/v1/logs?app=shop", 200, 404, SECRET_LINE),
                Route.get("/v2/_catalog", 200, 200, "acme/"),
                Route.get("/api/v1/images/search?q=web", 200, 200, "acme/"),
                Route.get("/v2/acme/web/tags/list", 200, 404, "\"tags\":[\"1\""),
                Route.get("/api/v1/events", 200, 200, "\"shop\""),
                // one thing, by its name, id or digest
                Route.get("/api/v1/apps/shop", 200, 404, "\"shop\""),
                Route.get(web + "/ps", 200, 404, container),
                Route.get(web + "/versions", 200, 404, SECRET_LINE),
                Route.get("/api/v1/logs?container=" + container, 200, 404, SECRET_LINE),
                Route.get("/v2/acme/web/manifests/1", 200, 404, "acme-image"),
                Route.get("/v2/acme/web/manifests/" + manifestDigest, 200, 404, "acme-image"),
                Route.get("/v2/acme/web/blobs/" + blobDigest, 200, 404, "amd64"),
                // streams
                Route.get("/api/v1/logs?container=" + container + "&follow=true", 200, 404, SECRET_LINE),
                Route.get("/api/v1/events?since=0&follow=true", 200, 200, "\"shop\""),
                // the node agent's own API: a platform admin's only
                Route.agent("GET", "/v1/containers", null, 200, container),
                Route.agent("POST", "/v1/containers/" + container + "/exec?wait=true", "{\"cmd\":[\"true\"]}", 200,
                        "exitCode"),
                Route.agent("GET", "/v1/containers/" + container + "/attach", null, 0, SECRET_LINE),
                Route.agent("GET", "/v1/containers/" + container + "/logs", null, 0, SECRET_LINE),
                // changes
                Route.change("POST", web + "/scale", "{\"replicas\":1}", 200, SECRET_LINE),
                Route.change("POST", "/api/v1/apps/shop/deploy", "{\"image\":\"busybox:latest\"}", 200, SECRET_LINE),
                Route.change("POST", "/v2/acme/web/blobs/uploads/", null, 202, blobDigest),
                Route.change("PUT", "/v2/acme/web/manifests/2", manifest, 201, manifestDigest),
                Route.change("DELETE", "/api/v1/apps/shop", null, 204, SECRET_LINE));
    }

    /**
     * {@code berth push} and {@code pull} of an image named after the gateway's own address: the agent meets the
     * registry's Bearer challenge with the caller's API token (handed over in {@code X-Registry-Auth}) and the token
     * the gateway's {@code /v2/token} gives for it. A CLI with no API token, straight to the agent, gets the refusal.
     */
    @Test
    void berthPushAndPullThroughTheGatewaysRegistryGoWithTheTokenAndAreRefusedWithoutOne() throws Exception {
        String target = gateway.address() + "/acme/pushed:1";
        Cli direct = node.cli();
        direct.run("tag", "busybox", target).requireSuccess();
        Cli admin = direct.with(Map.of("BERTH_HOST", gateway.url(), "BERTH_TOKEN", platform));

        CliResult refused = direct.run("push", target);
        assertThat(refused.exitCode()).as(refused::toString).isEqualTo(1);
        assertThat(refused.err()).as(refused::toString).contains("requires credentials, and none were given");
        assertThat(call("GET", "/v2/acme/pushed/tags/list", acme, null).statusCode()).isEqualTo(404);

        CliResult pushed = admin.run("push", target);
        assertThat(pushed.exitCode()).as(pushed::toString).isZero();
        HttpResponse<String> tags = call("GET", "/v2/acme/pushed/tags/list", acme, null);
        assertThat(tags.statusCode()).as(tags.body()).isEqualTo(200);
        assertThat(tags.body()).contains("\"1\"");
        // A tenant's search goes to the gateway's own route, and finds only the tenant's repositories.
        CliResult acmeSearch = direct.with(Map.of("BERTH_HOST", gateway.url(), "BERTH_TOKEN", acme))
                .run("search", "--format", "json", "pushed");
        assertThat(acmeSearch.exitCode()).as(acmeSearch::toString).isZero();
        assertThat(acmeSearch.out()).contains("acme/pushed");
        CliResult globexSearch = direct.with(Map.of("BERTH_HOST", gateway.url(), "BERTH_TOKEN", globex))
                .run("search", "--format", "json", "pushed");
        assertThat(globexSearch.exitCode()).as(globexSearch::toString).isZero();
        assertThat(globexSearch.out()).doesNotContain("acme/");

        direct.run("rmi", target).requireSuccess();
        CliResult pullRefused = direct.run("pull", target);
        assertThat(pullRefused.exitCode()).as(pullRefused::toString).isEqualTo(1);
        assertThat(pullRefused.err()).contains("requires credentials");
        CliResult pulled = admin.run("pull", target);
        assertThat(pulled.exitCode()).as(pulled::toString).isZero();
        assertThat(direct.run("images").requireSuccess().out()).contains(gateway.address() + "/acme/pushed");
        direct.run("rmi", target).requireSuccess();
    }

    @TestFactory
    Stream<DynamicTest> everyRouteAnswersEachCallerAsTheTableSays() {
        return routes().stream().flatMap(route -> Stream.of(Caller.values())
                .filter(caller -> caller != Caller.PLATFORM || route.platform() != 0)
                .map(caller -> DynamicTest.dynamicTest(caller + " " + route, () -> check(route, caller))));
    }

    private static void check(Route route, Caller caller) throws Exception {
        String token = switch (caller) {
            case NONE -> null;
            case REVOKED -> revoked;
            case GLOBEX -> globex;
            case ACME -> acme;
            case PLATFORM -> platform;
        };
        HttpResponse<String> answer = route.stream() ? stream(route.path(), token, route.secret())
                : call(route.method(), route.path(), token, route.body());
        String seen = answer.statusCode() + " " + answer.body();
        switch (caller) {
            case NONE, REVOKED -> {
                assertThat(answer.statusCode()).as(seen).isEqualTo(401);
                assertThat(answer.headers().firstValue("WWW-Authenticate")).as(seen).isPresent();
                assertThat(answer.body()).as(seen).doesNotContain(route.secret());
            }
            case GLOBEX -> {
                assertThat(answer.statusCode()).as(seen).isEqualTo(route.other());
                assertThat(answer.body()).as(seen).doesNotContain(route.secret());
            }
            case ACME -> {
                assertThat(answer.statusCode()).as(seen).isEqualTo(route.owner());
                if (route.method().equals("GET") && route.owner() == 200) {
                    assertThat(answer.body()).as(seen).contains(route.secret());
                } else if (route.owner() == 403) {
                    assertThat(answer.body()).as(seen).doesNotContain(route.secret());
                }
            }
            case PLATFORM -> assertThat(answer.statusCode()).as(seen).isEqualTo(route.platform());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (node != null) {
                node.close();
                // The agent leaves its bridge and firewall table when it stops; this test's are of no use to others.
                new ProcessBuilder("ip", "link", "del", "berthmxcli0").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                new ProcessBuilder("nft", "delete", "table", "ip", "berth_mxcli").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            }
        } finally {
            for (ServiceProcess service : services.reversed()) {
                service.close();
            }
        }
    }

    private static ServiceProcess service(String module, Path java, Path work, String schema, List<String> settings)
            throws IOException, InterruptedException {
        ServiceProcess service = ServiceProcess.on(module, java, work.resolve(module),
                ServiceProcess.freePortIn(FIRST_PORT, LAST_PORT), schema, settings);
        services.add(service);
        return service;
    }

    private static String tenantAdmin(String tenant, String principal) throws Exception {
        call("POST", "/api/v1/tenants", platform, "{\"name\":\"" + tenant + "\"}");
        HttpResponse<String> token = created(call("POST", "/api/v1/tokens", platform, "{\"tenant\":\"" + tenant
                + "\",\"principal\":\"" + principal + "\",\"scopes\":[\"read\",\"deploy\",\"admin\"]}"));
        return JSON.readTree(token.body()).get("token").asString();
    }

    private static String app(String name, String script) {
        return "{\"name\":\"" + name + "\",\"services\":{\"web\":{\"image\":\"busybox\",\"command\":[\"sh\",\"-c\",\""
                + script + "\"],\"resources\":{\"memory\":{\"request\":\"32Mi\",\"limit\":\"64Mi\"}}}}}";
    }

    /** The id of the app's one container, once the agent runs it. */
    private static String awaitContainer(String app) throws Exception {
        String[] found = new String[1];
        await(() -> {
            HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(URI.create(node.agent().url()
                    + "/v1/containers")).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode summary : JSON.readTree(list.body())) {
                if (summary.toString().contains(app)) {
                    found[0] = summary.get("id").asString();
                    return true;
                }
            }
            return false;
        }, "running container of " + app);
        return found[0];
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + SETTLE);
            }
            Thread.sleep(250);
        }
    }

    private static HttpResponse<String> created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response::body).isBetween(200, 201);
        return response;
    }

    /** A blob pushed in one POST; its digest. */
    private static String pushBlob(String token, String repository, byte[] content) throws Exception {
        String digest = digest(content);
        HttpResponse<String> pushed = HTTP.send(request("/v2/" + repository + "/blobs/uploads/?digest=" + digest,
                token).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pushed.statusCode()).as(pushed::body).isEqualTo(201);
        return digest;
    }

    private static HttpResponse<String> call(String method, String path, @Nullable String token, @Nullable String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path, token).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", path.contains("/manifests/") ? OCI_MANIFEST : "application/json");
        }
        if (path.contains("/manifests/")) {
            request.header("Accept", OCI_MANIFEST);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A follow: the answer's head, and its body up to {@code until} (or what came within ten seconds); then the
     * stream is let go, as by a client that has seen enough.
     */
    private static HttpResponse<String> stream(String path, @Nullable String token, String until) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(request(path, token).header("Accept", "text/event-stream")
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        StringBuffer body = new StringBuffer();
        Thread reader = Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = response.body()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    body.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (body.indexOf(until) >= 0) {
                        return;
                    }
                }
            } catch (IOException closed) {
                // let go below
            }
        });
        reader.join(Duration.ofSeconds(10));
        response.body().close();
        return new Streamed(response, body.toString());
    }

    private static HttpRequest.Builder request(String path, @Nullable String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url() + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            // The registry takes the API token as Basic auth's password; the API, as a bearer token.
            request.header("Authorization", path.startsWith("/v2/") ? "Basic " + Base64.getEncoder()
                    .encodeToString(("x:" + token).getBytes(StandardCharsets.UTF_8)) : "Bearer " + token);
        }
        return request;
    }

    private static String digest(byte[] content) throws NoSuchAlgorithmException {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    /** A streamed answer with the part of its body that was read. */
    private record Streamed(HttpResponse<InputStream> head, String body) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return head.statusCode();
        }

        @Override
        public HttpRequest request() {
            return head.request();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return head.headers();
        }

        @Override
        public URI uri() {
            return head.uri();
        }

        @Override
        public HttpClient.Version version() {
            return head.version();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return head.sslSession();
        }
    }
}
