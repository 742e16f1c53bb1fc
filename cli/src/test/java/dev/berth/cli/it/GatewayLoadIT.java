package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway under load, in front of a real scheduler, both requiring the internal token as {@code up.sh} sets
 * them up: a thousand concurrent reads of two tenants all answer, each with its own tenant's apps only; a write is
 * read back at once; a change the scheduler makes without the gateway is read within moments. The latencies are
 * printed, not asserted: {@code bench/lib/gateway.sh} measures them.
 */
class GatewayLoadIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INTERNAL_TOKEN = "Lq4cN8vB2xZ6mK0sD3fG7hJ1kP5tR9wY2uE4iO6aQ8-_";
    private static final int CONCURRENCY = 1000;
    private static final List<String> TENANTS = List.of("load-a", "load-b");

    private static ServiceProcess scheduler;
    private static ServiceProcess gateway;
    private static final Map<String, String> tokens = new java.util.HashMap<>();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(SourceTree.root().resolve("cli/target/it")),
                "gateway-load-");
        Path tokenFile = ServiceProcess.internalTokenFile(work, INTERNAL_TOKEN);
        Path java = Path.of(System.getProperty("java.home"), "bin/java");
        scheduler = ServiceProcess.on("scheduler", java, work.resolve("scheduler"),
                ServiceProcess.freePortIn(7910, 7919), "scheduler_load_it",
                List.of("--berth.internal.token-file=" + tokenFile));
        // The per-token rate limit is raised: at its default a thousand reads of one token are mostly 429, by design.
        gateway = ServiceProcess.on("api-gateway", java, work.resolve("gateway"),
                ServiceProcess.freePortIn(7900, 7909), "gateway_load_it",
                List.of("--berth.gateway.internal-token-file=" + tokenFile,
                        "--berth.gateway.bootstrap-token-file=" + work.resolve("gateway/admin-token"),
                        "--berth.gateway.upstreams.scheduler=" + scheduler.url(),
                        "--berth.gateway.upstreams.logs=" + ServiceProcess.NOWHERE,
                        "--berth.gateway.upstreams.registry=" + ServiceProcess.NOWHERE,
                        "--berth.gateway.upstreams.agent=" + ServiceProcess.NOWHERE,
                        "--berth.gateway.rate-limit.per-second=100000", "--berth.gateway.rate-limit.burst=100000"));
        String admin = Files.readString(work.resolve("gateway/admin-token"), StandardCharsets.UTF_8).strip();
        for (String tenant : TENANTS) {
            send("POST", "/api/v1/tenants", admin, "{\"name\":\"" + tenant + "\"}", 201);
            String created = send("POST", "/api/v1/tokens", admin, "{\"tenant\":\"" + tenant
                    + "\",\"principal\":\"ci\",\"scopes\":[\"read\",\"deploy\"]}", 201);
            Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(created);
            assertThat(token.find()).as(created).isTrue();
            tokens.put(tenant, token.group(1));
            for (int i = 0; i < 3; i++) {
                send("POST", "/api/v1/apps", tokens.get(tenant), app(tenant + "-app" + i), 201);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
    }

    @Test
    void aThousandConcurrentReadsAllAnswerEachWithItsOwnTenantsAppsOnly() throws Exception {
        for (int round = 0; round < 3; round++) {
            List<String> failures = new ArrayList<>();
            long[] nanos = burst(failures);
            assertThat(failures).as("failed reads of round %d", round).isEmpty();
            Arrays.sort(nanos);
            System.out.printf("GatewayLoadIT round %d: %d concurrent reads, 0 errors, p50 %.1f ms, p99 %.1f ms,"
                    + " max %.1f ms%n", round, CONCURRENCY, nanos[CONCURRENCY / 2] / 1e6,
                    nanos[CONCURRENCY * 99 / 100 - 1] / 1e6, nanos[CONCURRENCY - 1] / 1e6);
        }
        // The reads were answered from the read cache, not each by the scheduler: the cache is on in this set-up.
        assertThat(cacheCount("hit")).as("reads answered from the read cache").isGreaterThan(CONCURRENCY);
    }

    @Test
    void aWriteIsReadBackAtOnceAndTheSchedulersOwnChangeWithinMoments() throws Exception {
        String token = tokens.get("load-a");
        assertThat(names(send("GET", "/api/v1/apps", token, null, 200))).doesNotContain("fresh");
        send("GET", "/api/v1/apps", token, null, 200); // kept
        send("POST", "/api/v1/apps", token, app("fresh"), 201);
        assertThat(names(send("GET", "/api/v1/apps", token, null, 200))).contains("fresh");

        // A change that does not pass the gateway: the scheduler's API straight, as an operator might.
        HttpResponse<String> direct = CLIENT.send(HttpRequest.newBuilder(URI.create(scheduler.url()
                        + "/api/v1/apps?tenant=load-a")).header("X-Berth-Internal-Token", INTERNAL_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(app("behind"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).as(direct.body()).isEqualTo(201);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (!names(send("GET", "/api/v1/apps", token, null, 200)).contains("behind")) {
            assertThat(System.nanoTime()).as("the scheduler's change read through the gateway within 2 s")
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
        assertThat(names(send("GET", "/api/v1/apps", tokens.get("load-b"), null, 200)))
                .doesNotContain("fresh", "behind");
    }

    /** {@link #CONCURRENCY} reads started together, of both tenants, the list and one app by name alternately. */
    private static long[] burst(List<String> failures) throws Exception {
        long[] nanos = new long[CONCURRENCY];
        ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CONCURRENCY; i++) {
                int n = i;
                threads.submit(() -> {
                    String tenant = TENANTS.get(n % 2);
                    boolean list = n % 4 < 2;
                    String path = list ? "/api/v1/apps" : "/api/v1/apps/" + tenant + "-app" + (n % 3);
                    try {
                        start.await();
                        long t0 = System.nanoTime();
                        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                                        URI.create(gateway.url() + path))
                                .header("Authorization", "Bearer " + tokens.get(tenant))
                                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                        nanos[n] = System.nanoTime() - t0;
                        if (response.statusCode() != 200) {
                            failed.add(path + " of " + tenant + ": " + response.statusCode());
                        } else if (!ownApps(tenant, list, response.body())) {
                            failed.add(path + " of " + tenant + " answered another tenant's: " + response.body());
                        }
                    } catch (Exception e) {
                        failed.add(path + " of " + tenant + ": " + e);
                    }
                    return null;
                });
            }
            start.countDown();
        }
        failures.addAll(failed);
        return nanos;
    }

    private static boolean ownApps(String tenant, boolean list, String body) {
        JsonNode json = JSON.readTree(body);
        List<JsonNode> apps = list ? json.valueStream().toList() : List.of(json);
        return !apps.isEmpty() && apps.stream().allMatch(app -> app.get("tenant").asString().equals(tenant)
                && app.get("name").asString().startsWith(tenant + "-app"));
    }

    private static List<String> names(String body) {
        return JSON.readTree(body).valueStream().map(app -> app.get("name").asString()).toList();
    }

    private static String app(String name) {
        return "{\"name\":\"" + name + "\",\"services\":{\"web\":{\"image\":\"busybox\",\"replicas\":0}}}";
    }

    private static double cacheCount(String result) throws Exception {
        String metrics = CLIENT.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher count = Pattern.compile("berth_gateway_read_cache_total\\{result=\"" + result + "\"} (\\S+)")
                .matcher(metrics);
        return count.find() ? Double.parseDouble(count.group(1)) : 0;
    }

    private static String send(String method, String path, String token, String json, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
        return response.body();
    }
}
