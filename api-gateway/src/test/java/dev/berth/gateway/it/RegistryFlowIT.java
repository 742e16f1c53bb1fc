package dev.berth.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Docker token flow on /v2/: the challenge, the token endpoint, and the registry token it hands out. */
class RegistryFlowIT {
    private static Upstream upstream;
    private static GatewayInstance gateway;
    private static Http http;
    private static String admin;

    @BeforeAll
    static void start() throws Exception {
        upstream = new Upstream();
        gateway = new GatewayInstance("registry", upstream);
        http = new Http(gateway.url());
        admin = gateway.adminToken();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void anUnauthenticatedVersionCheckIsChallengedToTheTokenEndpoint() throws Exception {
        HttpResponse<String> challenge = http.get("/v2/", null);
        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(challenge.headers().firstValue("WWW-Authenticate")).contains(
                "Bearer realm=\"http://127.0.0.1:" + gateway.port() + "/v2/token\",service=\"berth-registry\"");
        assertThat(challenge.body()).contains("\"code\":\"UNAUTHORIZED\"");
        HttpResponse<String> tokenEndpoint = http.get("/v2/token", null);
        assertThat(tokenEndpoint.statusCode()).isEqualTo(401);
        assertThat(tokenEndpoint.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"berth-registry\"");
    }

    @Test
    void basicAuthWithTheApiTokenGetsARegistryTokenThatV2Accepts() throws Exception {
        String api = http.token(admin, "shipit", "ci", "\"read\",\"deploy\"", null);
        HttpResponse<String> issued = http.send("GET",
                "/v2/token?service=berth-registry&scope=repository:shipit/web:pull,push", Http.basic("anyone", api),
                null);
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(issued.body()).contains("\"expires_in\":300");
        String registry = Http.field(issued.body(), "token");
        assertThat(Http.field(issued.body(), "access_token")).isEqualTo(registry);

        HttpResponse<String> base = http.get("/v2/", registry);
        assertThat(base.statusCode()).isEqualTo(200);
        assertThat(base.headers().firstValue("Docker-Distribution-API-Version")).contains("registry/2.0");
        assertThat(upstream.last().authorization()).isNull();
        assertThat(http.get("/v2/shipit/web/tags/list", registry).statusCode()).isEqualTo(200);
        assertThat(http.send("GET", "/v2/shipit/web/tags/list", Http.basic("x", api), null).statusCode())
                .isEqualTo(200);
        HttpResponse<String> other = http.get("/v2/acme/web/tags/list", registry);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).contains("NAME_UNKNOWN");

        String id = api.substring("berth_".length(), api.indexOf('_', "berth_".length()));
        assertThat(http.delete("/api/v1/tokens/" + id, admin).statusCode()).isEqualTo(204);
        HttpResponse<String> revoked = http.get("/v2/", registry);
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer realm="));
    }

    @Test
    void aReadOnlyTokenCannotPush() throws Exception {
        String reader = http.token(admin, "readers", "puller", "\"read\"", null);
        HttpResponse<String> push = http.send("POST", "/v2/readers/web/blobs/uploads/", Http.bearer(reader), null);
        assertThat(push.statusCode()).isEqualTo(403);
        assertThat(push.body()).contains("\"code\":\"DENIED\"");
    }
}
