package dev.berth.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tenant sees only its own things. The services get the authenticated tenant and nothing the client sent, so
 * another tenant's app, logs, repositories and tokens answer 404, as if they did not exist, never 403.
 */
class TenancyIT {
    private static Upstream upstream;
    private static GatewayInstance gateway;
    private static Http http;
    private static String admin;
    private static String acme;
    private static String globex;
    private static String acmeAdmin;
    private static String globexAdmin;

    @BeforeAll
    static void start() throws Exception {
        upstream = new Upstream();
        gateway = new GatewayInstance("tenancy", upstream);
        http = new Http(gateway.url());
        admin = gateway.adminToken();
        acme = http.token(admin, "acme", "ci", "\"read\",\"deploy\"", null);
        acmeAdmin = http.token(admin, "acme", "boss", "\"admin\"", null);
        globex = http.token(admin, "globex", "ci", "\"read\",\"deploy\"", null);
        globexAdmin = http.token(admin, "globex", "boss", "\"admin\"", null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void theSchedulerGetsTheCallersTenantAndNotTheToken() throws Exception {
        HttpResponse<String> own = http.get("/api/v1/apps/web", acme);
        assertThat(own.statusCode()).isEqualTo(200);
        Upstream.Seen seen = upstream.last();
        assertThat(seen.path()).isEqualTo("/api/v1/apps/web");
        assertThat(seen.tenantParameter()).isEqualTo("acme");
        assertThat(seen.tenantHeader()).isEqualTo("acme");
        assertThat(seen.authorization()).isNull();
    }

    @Test
    void anotherTenantsAppIs404EvenWhenTheClientNamesItsTenant() throws Exception {
        HttpResponse<String> other = http.get("/api/v1/apps/web?tenant=acme", globex, "X-Berth-Tenant", "acme");
        assertThat(other.statusCode()).isEqualTo(404);
        Upstream.Seen seen = upstream.last();
        assertThat(seen.tenantParameter()).isEqualTo("globex");
        assertThat(seen.tenantHeader()).isEqualTo("globex");
    }

    @Test
    void logQueriesCarryTheCallersTenant() throws Exception {
        HttpResponse<String> logs = http.get("/api/v1/logs?app=web&tenant=acme&tail=5", globex);
        assertThat(logs.statusCode()).isEqualTo(200);
        Upstream.Seen seen = upstream.last();
        assertThat(seen.path()).isEqualTo("/api/v1/logs");
        assertThat(seen.query()).isEqualTo("app=web&tail=5&tenant=globex");
    }

    @Test
    void anotherTenantsRepositoryIsNameUnknownAndNeverReachesTheRegistry() throws Exception {
        int before = upstream.seen.size();
        HttpResponse<String> other = http.get("/v2/acme/web/manifests/1", globex);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).contains("\"code\":\"NAME_UNKNOWN\"");
        HttpResponse<String> mount = http.send("POST", "/v2/globex/web/blobs/uploads/?mount=sha256:ab&from=acme/web",
                Http.bearer(globex), null);
        assertThat(mount.statusCode()).isEqualTo(404);
        assertThat(upstream.seen.size()).isEqualTo(before);
        // The catalog is read from the registry by the gateway, from the caller's namespace on, and cut to it.
        HttpResponse<String> catalog = http.get("/v2/_catalog", globex);
        assertThat(catalog.statusCode()).isEqualTo(200);
        assertThat(catalog.body()).isEqualTo("{\"repositories\":[]}");
        assertThat(upstream.last().path()).isEqualTo("/v2/_catalog");
        assertThat(upstream.last().query()).isEqualTo("n=1000&last=globex%2F");

        assertThat(http.get("/v2/acme/web/manifests/1", acme).statusCode()).isEqualTo(200);
        assertThat(upstream.last().path()).isEqualTo("/v2/acme/web/manifests/1");
        assertThat(http.get("/v2/acme/web/manifests/1", admin).statusCode()).isEqualTo(200);
    }

    @Test
    void anotherTenantsTokensAndTheTenantItselfAre404ToATenantAdmin() throws Exception {
        String globexId = http.get("/api/v1/whoami", globex).body().replaceAll(".*\"token\":\"([0-9a-f]+)\".*", "$1");
        HttpResponse<String> revoke = http.delete("/api/v1/tokens/" + globexId, acmeAdmin);
        assertThat(revoke.statusCode()).isEqualTo(404);
        assertThat(revoke.body()).contains("not-found");
        assertThat(http.get("/api/v1/whoami", globex).statusCode()).isEqualTo(200);

        assertThat(http.get("/api/v1/tokens?tenant=globex", acmeAdmin).statusCode()).isEqualTo(404);
        HttpResponse<String> create = http.post("/api/v1/tokens", acmeAdmin,
                "{\"tenant\":\"globex\",\"principal\":\"intruder\",\"scopes\":[\"admin\"]}");
        assertThat(create.statusCode()).isEqualTo(404);

        HttpResponse<String> own = http.get("/api/v1/tokens", acmeAdmin);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("\"tenant\":\"acme\"").doesNotContain("\"tenant\":\"globex\"");
        HttpResponse<String> created = http.post("/api/v1/tokens", globexAdmin,
                "{\"principal\":\"deployer\",\"scopes\":[\"deploy\"]}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"tenant\":\"globex\"");
    }
}
