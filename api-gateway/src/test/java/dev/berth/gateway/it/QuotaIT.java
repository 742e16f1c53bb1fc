package dev.berth.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quotas per tenant, set through the admin API and held at the gateway: a change to apps that would take the tenant
 * over a limit is refused with the quota named and never reaches the scheduler; one within it reaches the scheduler
 * with its body as sent; a push into a namespace whose images fill its quota is refused in the OCI form. Each test has
 * a tenant of its own, whose app list the stand-in scheduler answers.
 */
class QuotaIT {
    /** One app, {@code web}, with one service, {@code api}: 2 replicas of 250m cpu and 64Mi memory. */
    private static final String WEB = """
            [{"tenant":"%s","name":"web","createdAt":"2026-01-01T00:00:00Z","services":[
              {"name":"api","version":1,"rollout":"done","replicas":2,"running":2,"pending":0,
               "spec":{"image":"registry.local:5000/x/api:1","replicas":2,
                       "resources":{"cpu":{"request":"250m","limit":"1000m"},
                                    "memory":{"request":"67108864","limit":"67108864"},"pids":512}}}]}]
            """;

    private static RunningGateway running;
    private static Upstream upstream;
    private static Http http;
    private static String admin;

    @BeforeAll
    static void start() throws Exception {
        running = RunningGateway.start("quota");
        upstream = running.upstream();
        http = running.http();
        admin = running.admin();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    /** A tenant with the app {@code web} at the scheduler, a quota, and a deploy token; the token. */
    private static String tenant(String name, String quota) throws Exception {
        String token = http.token(admin, name, "ci", "\"read\",\"deploy\"", null);
        upstream.answer("GET", "/api/v1/apps", "tenant=" + name, WEB.formatted(name));
        HttpResponse<String> set = http.put("/api/v1/tenants/" + name + "/quota", admin, quota);
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        return token;
    }

    @Test
    void anAppCreatedOverTheCpuQuotaIsRefusedAndTheSchedulerGetsNothing() throws Exception {
        String token = tenant("q-create", "{\"cpu\":\"1\",\"containers\":3}");
        String tooBig = "{\"name\":\"jobs\",\"services\":{\"worker\":{\"image\":\"x/worker:1\",\"replicas\":2,"
                + "\"resources\":{\"cpu\":{\"request\":\"300m\"}}}}}";
        HttpResponse<String> refused = http.post("/api/v1/apps", token, tooBig);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("\"type\":\"https://berth.dev/problems/quota-exceeded\"",
                "\"quota\":\"cpu\"", "\"limit\":\"1\"", "\"used\":\"500m\"", "\"requested\":\"1100m\"");
        assertThat(upstream.seen("POST", "/api/v1/apps")).isEmpty();
        assertThat(http.get("/actuator/prometheus", null).body())
                .containsPattern("berth_gateway_quota_exceeded_total\\{[^}]*quota=\"cpu\"[^}]*} [1-9]");

        String fits = "{\"name\":\"jobs\",\"services\":{\"worker\":{\"image\":\"x/worker:1\",\"replicas\":1,"
                + "\"resources\":{\"cpu\":{\"request\":\"300m\"}}}}}";
        HttpResponse<String> created = http.post("/api/v1/apps", token, fits);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(upstream.seen("POST", "/api/v1/apps")).singleElement().satisfies(seen -> {
            assertThat(seen.tenantParameter()).isEqualTo("q-create");
            assertThat(seen.bodyBytes()).isEqualTo(fits.length());
        });
    }

    @Test
    void aScaleOverTheContainersQuotaIsRefusedAndOneWithinItPasses() throws Exception {
        String token = tenant("q-scale", "{\"cpu\":\"1\",\"containers\":3}");
        String path = "/api/v1/apps/web/services/api/scale";
        HttpResponse<String> refused = http.post(path, token, "{\"replicas\":4}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"quota\":\"containers\"", "\"limit\":\"3\"", "\"used\":\"2\"",
                "\"requested\":\"4\"");
        assertThat(upstream.seen("POST", path)).isEmpty();

        HttpResponse<String> scaled = http.post(path, token, "{\"replicas\":3}");
        assertThat(scaled.statusCode()).isEqualTo(201);
        assertThat(upstream.seen("POST", path)).hasSize(1);
    }

    @Test
    void aSpecPutOverTheMemoryQuotaIsRefusedAndTheOldSpecIsReplacedNotAdded() throws Exception {
        String token = tenant("q-put", "{\"memory\":\"1Gi\"}");
        String path = "/api/v1/apps/web/services/api";
        HttpResponse<String> refused = http.put(path, token,
                "{\"image\":\"x/api:2\",\"replicas\":2,\"resources\":{\"memory\":{\"request\":\"1Gi\"}}}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"quota\":\"memory\"", "\"limit\":\"1Gi\"", "\"used\":\"128Mi\"",
                "\"requested\":\"2Gi\"");
        assertThat(upstream.seen("PUT", path)).isEmpty();

        // 2 × 512Mi replaces 2 × 64Mi: exactly the quota, which fits.
        HttpResponse<String> put = http.put(path, token,
                "{\"image\":\"x/api:2\",\"replicas\":2,\"resources\":{\"memory\":{\"request\":\"512Mi\"}}}");
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(upstream.seen("PUT", path)).hasSize(1);
    }

    @Test
    void aDeployIsRefusedWhileTheTenantIsOverAQuotaLoweredBelowItsUseButAScaleDownPasses() throws Exception {
        String token = tenant("q-deploy", "{\"containers\":1}");
        HttpResponse<String> refused = http.post("/api/v1/apps/web/deploy", token, "{\"image\":\"x/api:3\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"quota\":\"containers\"", "\"limit\":\"1\"", "\"used\":\"2\"",
                "\"requested\":\"2\"");
        assertThat(upstream.seen("POST", "/api/v1/apps/web/deploy")).isEmpty();

        assertThat(http.post("/api/v1/apps/web/services/api/scale", token, "{\"replicas\":1}").statusCode())
                .isEqualTo(201);
        http.put("/api/v1/tenants/q-deploy/quota", admin, "{\"containers\":2}");
        assertThat(http.post("/api/v1/apps/web/deploy", token, "{\"image\":\"x/api:3\"}").statusCode())
                .isEqualTo(201);
        assertThat(upstream.seen("POST", "/api/v1/apps/web/deploy")).hasSize(1);
    }

    @Test
    void aRollbackToAVersionOverTheQuotaIsRefusedAndOneWithinItPasses() throws Exception {
        String token = tenant("q-rollback", "{\"containers\":4}");
        upstream.answer("GET", "/api/v1/apps", "tenant=q-rollback",
                WEB.formatted("q-rollback").replace("\"version\":1", "\"version\":3"));
        upstream.answer("GET", "/api/v1/apps/web/services/api/versions", "tenant=q-rollback", """
                [{"version":1,"reason":"created","createdAt":"2026-01-01T00:00:00Z",
                  "spec":{"image":"x:1","replicas":6}},
                 {"version":2,"reason":"scale","createdAt":"2026-01-01T00:00:00Z",
                  "spec":{"image":"x:1","replicas":3}},
                 {"version":3,"reason":"scale","createdAt":"2026-01-01T00:00:00Z",
                  "spec":{"image":"x:1","replicas":2}}]
                """);
        String path = "/api/v1/apps/web/rollback";
        HttpResponse<String> refused = http.post(path, token, "{\"version\":1}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"quota\":\"containers\"", "\"used\":\"2\"", "\"requested\":\"6\"");
        assertThat(upstream.seen("POST", path)).isEmpty();

        // By default the version before the current one: 3 replicas.
        assertThat(http.send("POST", path, Http.bearer(token), null).statusCode()).isEqualTo(201);
        assertThat(upstream.seen("POST", path)).hasSize(1);
    }

    @Test
    void aTenantWithoutAQuotaIsNotCounted() throws Exception {
        String token = http.token(admin, "q-none", "ci", "\"read\",\"deploy\"", null);
        int listsBefore = upstream.seen("GET", "/api/v1/apps").size();
        HttpResponse<String> created = http.post("/api/v1/apps", token,
                "{\"name\":\"big\",\"services\":{\"w\":{\"image\":\"x/w:1\",\"replicas\":500}}}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(upstream.seen("GET", "/api/v1/apps")).hasSize(listsBefore);
    }

    @Test
    void aManifestPushIntoANamespaceWhoseImagesFillTheQuotaIsDenied() throws Exception {
        String token = tenant("q-images", "{\"imageStorage\":\"100Mi\"}");
        // Two tags of one manifest count once; a repository of another tenant that contains the term does not count.
        upstream.answer("GET", "/api/v1/images/search", "q=q-images", """
                {"query":"q-images/","repositories":[
                  {"name":"q-images/web","tags":[
                    {"name":"1","digest":"sha256:aa","mediaType":"m","size":62914560,"layers":1},
                    {"name":"latest","digest":"sha256:aa","mediaType":"m","size":62914560,"layers":1}]},
                  {"name":"q-images/db","tags":[
                    {"name":"1","digest":"sha256:bb","mediaType":"m","size":41943040,"layers":1}]},
                  {"name":"xq-images/other","tags":[
                    {"name":"1","digest":"sha256:cc","mediaType":"m","size":999999999,"layers":1}]}]}
                """);
        HttpResponse<String> push = http.send("PUT", "/v2/q-images/web/manifests/2", Http.bearer(token), "{}");
        assertThat(push.statusCode()).isEqualTo(403);
        assertThat(push.body()).contains("\"code\":\"DENIED\"", "\"quota\":\"imageStorage\"", "\"limit\":\"100Mi\"",
                "\"used\":\"100Mi\"", "\"requested\":\"a push to q-images/web\"");
        HttpResponse<String> upload = http.send("POST", "/v2/q-images/web/blobs/uploads/", Http.bearer(token), null);
        assertThat(upload.statusCode()).isEqualTo(403);
        assertThat(upstream.seen("PUT", "/v2/q-images/web/manifests/2")).isEmpty();
        assertThat(upstream.seen("POST", "/v2/q-images/web/blobs/uploads/")).isEmpty();

        HttpResponse<String> usage = http.get("/api/v1/tenants/q-images/quota", token);
        assertThat(usage.statusCode()).isEqualTo(200);
        assertThat(usage.body()).contains("\"imageStorage\":\"100Mi\"", "\"containers\":2", "\"cpu\":\"500m\"");

        http.put("/api/v1/tenants/q-images/quota", admin, "{\"imageStorage\":\"101Mi\"}");
        assertThat(http.send("PUT", "/v2/q-images/web/manifests/2", Http.bearer(token), "{}").statusCode())
                .isEqualTo(202);
        assertThat(upstream.seen("PUT", "/v2/q-images/web/manifests/2")).hasSize(1);
    }

    @Test
    void aQuotaIsSetByAPlatformAdminAndReadByItsTenantWithItsUse() throws Exception {
        String token = tenant("q-read",
                "{\"cpu\":\"4\",\"memory\":\"8Gi\",\"containers\":20,\"imageStorage\":\"10Gi\"}");
        upstream.answer("GET", "/api/v1/images/search", "q=q-read", "{\"query\":\"q-read/\",\"repositories\":[]}");
        HttpResponse<String> read = http.get("/api/v1/tenants/q-read/quota", token);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("{\"tenant\":\"q-read\",\"limits\":{\"cpu\":\"4\",\"memory\":\"8Gi\","
                + "\"containers\":20,\"imageStorage\":\"10Gi\"},\"usage\":{\"cpu\":\"500m\",\"memory\":\"128Mi\","
                + "\"containers\":2,\"imageStorage\":\"0\"}}");

        String tenantAdmin = http.token(admin, "q-read", "boss", "\"admin\"", null);
        assertThat(http.put("/api/v1/tenants/q-read/quota", tenantAdmin, "{}").statusCode()).isEqualTo(403);
        String other = http.token(admin, "q-other", "ci", "\"read\"", null);
        assertThat(http.get("/api/v1/tenants/q-read/quota", other).statusCode()).isEqualTo(404);
        assertThat(http.put("/api/v1/tenants/q-missing/quota", admin, "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void aBadQuotaIsA400NamingTheFieldAndChangesNothing() throws Exception {
        tenant("q-bad", "{\"cpu\":\"2\"}");
        String path = "/api/v1/tenants/q-bad/quota";
        assertBad(path, "{\"cpu\":\"four\"}", "quota field cpu: 'four' is not a quantity");
        assertBad(path, "{\"memory\":\"8Gx\"}", "quota field memory: '8Gx'");
        assertBad(path, "{\"imageStorage\":true}", "quota field imageStorage");
        assertBad(path, "{\"containers\":-1}", "quota field containers: '-1'");
        assertBad(path, "{\"containers\":\"20\"}", "quota field containers");
        assertBad(path, "{\"cpus\":\"1\"}", "unknown quota field 'cpus'");
        assertBad(path, "[1]", "a quota is a JSON object");
        assertThat(http.get(path, admin).body()).contains("\"limits\":{\"cpu\":\"2\"}");
    }

    private static void assertBad(String path, String body, String message) throws Exception {
        HttpResponse<String> bad = http.put(path, admin, body);
        assertThat(bad.statusCode()).as(body).isEqualTo(400);
        assertThat(bad.body()).contains("invalid-request", message);
    }
}
