package dev.berth.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request body cap (413) and the per-token rate limit (429 with Retry-After): 20 at once, then one each 5 s, so
 * the admin token that sets up each test stays under it.
 */
class LimitsIT {
    private static Upstream upstream;
    private static GatewayInstance gateway;
    private static Http http;
    private static String admin;

    @BeforeAll
    static void start() throws Exception {
        upstream = new Upstream();
        gateway = new GatewayInstance("limits", upstream, "--berth.gateway.max-request-body=1KB",
                "--berth.gateway.rate-limit.per-second=0.2", "--berth.gateway.rate-limit.burst=20");
        http = new Http(gateway.url());
        admin = gateway.adminToken();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void aBodyOverTheCapIs413AndNeverReachesTheService() throws Exception {
        String token = http.token(admin, "big", "ci", "\"read\",\"deploy\"", null);
        int before = upstream.seen.size();
        HttpResponse<String> large = http.post("/api/v1/apps", token, "{\"x\":\"" + "a".repeat(2_000) + "\"}");
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(large.body()).contains("too-large", "berth.gateway.max-request-body");
        assertThat(upstream.seen.size()).isEqualTo(before);

        HttpResponse<String> small = http.post("/api/v1/apps", token, "{\"x\":\"" + "a".repeat(500) + "\"}");
        assertThat(small.statusCode()).isEqualTo(201);
        assertThat(upstream.last().tenantParameter()).isEqualTo("big");
    }

    @Test
    void registryUploadsAreNotCapped() throws Exception {
        String token = http.token(admin, "pusher", "ci", "\"read\",\"deploy\"", null);
        HttpResponse<String> upload = http.send("PATCH", "/v2/pusher/web/blobs/uploads/u1", Http.bearer(token),
                "a".repeat(8_000));
        assertThat(upload.statusCode()).isEqualTo(202);
        assertThat(upstream.last().bodyBytes()).isEqualTo(8_000);
    }

    @Test
    void aTokenOverItsRateIs429WithRetryAfterWhileOthersGoOn() throws Exception {
        String busy = http.token(admin, "busy", "ci", "\"read\"", null);
        String calm = http.token(admin, "calm", "ci", "\"read\"", null);
        for (int i = 0; i < 20; i++) {
            assertThat(http.get("/api/v1/whoami", busy).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = http.get("/api/v1/whoami", busy);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                value -> assertThat(Integer.parseInt(value)).isBetween(1, 5));
        assertThat(limited.body()).contains("too-many-requests");
        assertThat(http.get("/api/v1/whoami", calm).statusCode()).isEqualTo(200);
        assertThat(http.get("/actuator/prometheus", null).body()).contains(
                "berth_gateway_requests_rejected_total{reason=\"too-many-requests\"}",
                "berth_gateway_requests_authenticated_total{kind=\"api-token\"}");
    }
}
