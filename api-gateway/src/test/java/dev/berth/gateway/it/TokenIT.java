package dev.berth.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens from the bootstrap one on: created, used, listed, revoked, expired; stored only as hashes. */
class TokenIT {
    private static Upstream upstream;
    private static GatewayInstance gateway;
    private static Http http;
    private static String admin;

    @BeforeAll
    static void start() throws Exception {
        upstream = new Upstream();
        gateway = new GatewayInstance("tokens", upstream);
        http = new Http(gateway.url());
        admin = gateway.adminToken();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void theBootstrapTokenIsAPlatformAdminsAndItsFileIsTheOwnersAlone() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gateway.tokenFile)))
                .isEqualTo("rw-------");
        HttpResponse<String> whoami = http.get("/api/v1/whoami", admin);
        assertThat(whoami.statusCode()).isEqualTo(200);
        assertThat(whoami.body()).contains("\"tenant\":\"system\"", "\"principal\":\"admin\"",
                "\"platformAdmin\":true");
    }

    @Test
    void aTokenIsCreatedUsedListedWithoutItsSecretAndRevoked() throws Exception {
        String token = http.token(admin, "tokens-acme", "ci", "\"read\",\"deploy\"", "P1D");
        assertThat(token).startsWith("berth_");
        String id = token.substring("berth_".length(), token.indexOf('_', "berth_".length()));

        HttpResponse<String> whoami = http.get("/api/v1/whoami", token);
        assertThat(whoami.statusCode()).isEqualTo(200);
        assertThat(whoami.body()).contains("\"tenant\":\"tokens-acme\"", "\"principal\":\"ci\"",
                "\"scopes\":[\"read\",\"deploy\"]", "\"platformAdmin\":false");

        HttpResponse<String> listed = http.get("/api/v1/tokens?tenant=tokens-acme", admin);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("\"id\":\"" + id + "\"", "\"lastUsed\":").doesNotContain(token,
                "\"token\":");
        String secret = token.substring(token.indexOf('_', "berth_".length()) + 1);
        assertThat(TestDatabase.queryStrings(gateway.schema, "SELECT encode(secret_sha256, 'hex') FROM tokens"))
                .noneMatch(stored -> stored.contains(secret));

        assertThat(http.delete("/api/v1/tokens/" + id, admin).statusCode()).isEqualTo(204);
        HttpResponse<String> afterRevoke = http.get("/api/v1/whoami", token);
        assertThat(afterRevoke.statusCode()).isEqualTo(401);
        assertThat(afterRevoke.body()).contains("revoked");
        assertThat(http.get("/api/v1/tokens?tenant=tokens-acme", admin).body()).contains("\"revoked\":");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String token = http.token(admin, "tokens-brief", "ci", "\"read\"", "PT1S");
        assertThat(http.get("/api/v1/whoami", token).statusCode()).isEqualTo(200);
        Thread.sleep(1_200);
        HttpResponse<String> expired = http.get("/api/v1/whoami", token);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("expired");
    }

    @Test
    void missingUnknownAndForgedTokensGet401WithAChallengeAndAProblem() throws Exception {
        HttpResponse<String> missing = http.get("/api/v1/whoami", null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"berth\"");
        assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(missing.body()).contains("\"type\":\"https://berth.dev/problems/unauthorized\"",
                "\"status\":401");
        assertThat(http.get("/api/v1/whoami", "nonsense").statusCode()).isEqualTo(401);
        assertThat(http.get("/api/v1/whoami", "berth_0123456789abcdef_" + "a".repeat(43)).statusCode())
                .isEqualTo(401);
        // The right id with another secret.
        // (berth_<id>_<secret>: the secret may itself hold '_'.)
        String forged = "berth_" + admin.split("_")[1] + "_" + "b".repeat(43);
        assertThat(http.get("/api/v1/whoami", forged).statusCode()).isEqualTo(401);
    }

    @Test
    void scopesAreCheckedPerRoute() throws Exception {
        String reader = http.token(admin, "tokens-scoped", "viewer", "\"read\"", null);
        assertThat(http.get("/api/v1/apps", reader).statusCode()).isEqualTo(200);
        HttpResponse<String> deploy = http.post("/api/v1/apps", reader, "{\"name\":\"web\"}");
        assertThat(deploy.statusCode()).isEqualTo(403);
        assertThat(deploy.body()).contains("missing-scope", "deploy");
        assertThat(http.get("/api/v1/tokens", reader).statusCode()).isEqualTo(403);
        assertThat(http.get("/api/v1/tenants", reader).statusCode()).isEqualTo(403);
    }

    @Test
    void tenantsArePagedAndValidated() throws Exception {
        for (String name : new String[] {"page-a", "page-b", "page-c"}) {
            assertThat(http.post("/api/v1/tenants", admin, "{\"name\":\"" + name + "\"}").statusCode())
                    .isEqualTo(201);
        }
        assertThat(http.post("/api/v1/tenants", admin, "{\"name\":\"page-a\"}").statusCode()).isEqualTo(409);
        HttpResponse<String> bad = http.post("/api/v1/tenants", admin, "{\"name\":\"Not_Valid\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("invalid-request");
        HttpResponse<String> first = http.get("/api/v1/tenants?after=page-&limit=2", admin);
        assertThat(first.body()).contains("\"name\":\"page-a\"", "\"name\":\"page-b\"", "\"next\":\"page-b\"");
        HttpResponse<String> second = http.get("/api/v1/tenants?after=page-b&limit=2", admin);
        assertThat(second.body()).contains("\"name\":\"page-c\"").doesNotContain("page-a");
    }

    @Test
    void theApiIsDocumented() throws Exception {
        HttpResponse<String> docs = http.get("/api/docs/openapi.json", null);
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/tokens", "/api/v1/tenants", "/api/v1/whoami");
    }
}
