package dev.berth.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gateway given {@code berth.gateway.internal-token-file}: every routed request reaches the stand-in services with
 * that token in {@code X-Berth-Internal-Token}, whatever the client sent there, and so do the gateway's own reads of
 * a tenant's use for a quota. The gateway itself never asks its clients for that token.
 */
class InternalTokenIT {
    private static final String TOKEN = "Xq7v0M2kPz9LwR4tYb1NcH8sJd5fGe3aU6iO0pKl_-w";

    private static RunningGateway running;

    @BeforeAll
    static void start() throws Exception {
        Path file = Files.createTempDirectory("gateway-it").resolve("internal-token");
        Files.writeString(file, TOKEN + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        // The services' own setting too, as an environment that exports BERTH_INTERNAL_TOKEN_FILE gives it: the gateway,
        // the public entry, must still not ask its clients for the token.
        running = RunningGateway.start("internal", "--berth.gateway.internal-token-file=" + file,
                "--berth.internal.token-file=" + file);
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    /** The token the service got with the last request; "null" for none. */
    private static String lastTokenSeen() {
        return running.upstream().internalTokens.getLast();
    }

    @Test
    void everyRouteCarriesTheToken() throws Exception {
        Upstream upstream = running.upstream();
        for (String path : new String[] {"/api/v1/apps", "/api/v1/nodes", "/api/v1/logs?app=web",
                "/v2/system/web/tags/list", "/v1/containers/json"}) {
            int before = upstream.seen.size();
            HttpResponse<String> answer = running.http().get(path, running.admin());
            assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
            assertThat(upstream.seen).as(path + " reached the service").hasSize(before + 1);
            assertThat(lastTokenSeen()).as(path).isEqualTo(TOKEN);
        }
    }

    @Test
    void whatTheClientPutsInTheHeaderIsReplaced() throws Exception {
        HttpResponse<String> answer = running.http().get("/api/v1/apps", running.admin(), "X-Berth-Internal-Token",
                "forged");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(lastTokenSeen()).isEqualTo(TOKEN);
    }

    @Test
    void theQuotaCheckReadsTheSchedulerWithTheTokenToo() throws Exception {
        Http http = running.http();
        Upstream upstream = running.upstream();
        String token = http.token(running.admin(), "internal-q", "ci", "\"read\",\"deploy\"", null);
        upstream.answer("GET", "/api/v1/apps", "tenant=internal-q", "[]");
        assertThat(http.put("/api/v1/tenants/internal-q/quota", running.admin(), "{\"containers\":5}").statusCode())
                .isEqualTo(200);

        HttpResponse<String> created = http.post("/api/v1/apps", token,
                "{\"name\":\"jobs\",\"services\":{\"worker\":{\"image\":\"x/worker:1\",\"replicas\":1}}}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        int read = upstream.seen.indexOf(upstream.seen("GET", "/api/v1/apps").getLast());
        assertThat(upstream.internalTokens.get(read)).as("the quota's read of the app list").isEqualTo(TOKEN);
        assertThat(lastTokenSeen()).as("the create").isEqualTo(TOKEN);
    }

    @Test
    void theCatalogAndSearchThatTheGatewayCutsToATenantAreReadWithTheTokenToo() throws Exception {
        Http http = running.http();
        Upstream upstream = running.upstream();
        String token = http.token(running.admin(), "internal-c", "ci", "\"read\"", null);
        upstream.answer("GET", "/v2/_catalog", "n=", "{\"repositories\":[\"internal-c/app\",\"other/app\"]}");
        upstream.answer("GET", "/api/v1/images/search", "q=", "{\"query\":\"app\",\"repositories\":[]}");

        HttpResponse<String> catalog = http.get("/v2/_catalog", token);
        assertThat(catalog.statusCode()).as(catalog.body()).isEqualTo(200);
        assertThat(catalog.body()).contains("internal-c/app").doesNotContain("other/app");
        assertThat(lastTokenSeen()).as("the catalog read").isEqualTo(TOKEN);

        HttpResponse<String> search = http.get("/api/v1/images/search?q=app", token);
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        assertThat(upstream.seen.getLast().path()).isEqualTo("/api/v1/images/search");
        assertThat(lastTokenSeen()).as("the search read").isEqualTo(TOKEN);
    }
}
