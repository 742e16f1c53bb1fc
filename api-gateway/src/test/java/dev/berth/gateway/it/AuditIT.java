package dev.berth.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.TestDatabase;
import dev.berth.gateway.audit.AuditRetention;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit log: every authenticated mutating call, routed or the gateway's own, allowed or refused, with who made
 * it and what it was answered; no reads; each tenant's admin sees its tenant's calls and no other's. Entries are
 * written behind the answer, so the tests wait for them.
 */
class AuditIT {
    private static RunningGateway running;
    private static Upstream upstream;
    private static Http http;
    private static String admin;
    private static String acme;
    private static String acmeAdmin;
    private static String globexAdmin;

    @BeforeAll
    static void start() throws Exception {
        running = RunningGateway.start("audit");
        upstream = running.upstream();
        http = running.http();
        admin = running.admin();
        acme = http.token(admin, "acme", "ci", "\"read\",\"deploy\"", null);
        acmeAdmin = http.token(admin, "acme", "boss", "\"admin\"", null);
        globexAdmin = http.token(admin, "globex", "boss", "\"admin\"", null);
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void aRoutedCallThatSucceededIsRecordedWithWhoMadeItAndItsStatus() throws Exception {
        String id = tokenId(acme);
        assertThat(http.post("/api/v1/apps", acme, "{\"name\":\"a1\",\"services\":{}}").statusCode()).isEqualTo(201);
        String entry = awaitEntry(acmeAdmin, "\"method\":\"POST\",\"path\":\"/api/v1/apps\"");
        assertThat(entry).contains("\"tenant\":\"acme\"", "\"principal\":\"ci\"", "\"token\":\"" + id + "\"",
                "\"target\":\"acme\"", "\"status\":201", "\"at\":\"");
    }

    @Test
    void refusedCallsAreRecordedWithTheirStatus() throws Exception {
        assertThat(http.post("/api/v1/tenants", acme, "{\"name\":\"sneaky\"}").statusCode()).isEqualTo(403);
        assertThat(awaitEntry(acmeAdmin, "\"path\":\"/api/v1/tenants\"", "\"principal\":\"ci\""))
                .contains("\"status\":403", "\"target\":\"acme\"");
        assertThat(http.delete("/api/v1/tokens/0123456789abcdef", acmeAdmin).statusCode()).isEqualTo(404);
        assertThat(awaitEntry(acmeAdmin, "\"path\":\"/api/v1/tokens/0123456789abcdef\""))
                .contains("\"method\":\"DELETE\"", "\"status\":404", "\"principal\":\"boss\"");
    }

    @Test
    void manifestPushesAndDeletesAreRecordedAndReadsAndUnauthenticatedCallsAreNot() throws Exception {
        assertThat(http.get("/api/v1/apps/web", acme).statusCode()).isEqualTo(200);
        assertThat(http.get("/v2/acme/web/manifests/1", acme).statusCode()).isEqualTo(200);
        assertThat(http.send("POST", "/api/v1/apps/anon/deploy", null, "{}").statusCode()).isEqualTo(401);
        assertThat(http.send("PUT", "/v2/acme/web/manifests/7", Http.bearer(acme), "{}").statusCode())
                .isEqualTo(202);
        assertThat(http.delete("/v2/acme/web/manifests/7", acme).statusCode()).isEqualTo(202);
        awaitEntry(admin, "\"method\":\"PUT\",\"path\":\"/v2/acme/web/manifests/7\"");
        String deleted = awaitEntry(admin, "\"method\":\"DELETE\",\"path\":\"/v2/acme/web/manifests/7\"");
        assertThat(deleted).contains("\"status\":202", "\"target\":\"acme\"");

        assertThat(http.send("PUT", "/v2/acme/web/manifests/8", Http.bearer(admin), "{}").statusCode())
                .isEqualTo(202);
        assertThat(awaitEntry(acmeAdmin, "\"path\":\"/v2/acme/web/manifests/8\""))
                .contains("\"tenant\":\"system\"", "\"target\":\"acme\"");
        // The platform admin's token for acme, made at the start, is on acme's record too.
        assertThat(awaitEntry(acmeAdmin, "\"path\":\"/api/v1/tokens\"", "\"tenant\":\"system\""))
                .contains("\"target\":\"acme\"", "\"status\":201");

        String all = http.get("/api/v1/audit?limit=500", admin).body();
        assertThat(all).doesNotContain("\"method\":\"GET\"").doesNotContain("\"path\":\"/v2/acme/web/manifests/1\"")
                .doesNotContain("/api/v1/apps/web\"").doesNotContain("/api/v1/apps/anon/deploy");
    }

    @Test
    void aTenantsAdminSeesItsTenantsCallsAndNoOtherTenantsNorAnyoneElseTheirs() throws Exception {
        assertThat(http.post("/api/v1/apps", acme, "{\"name\":\"a2\",\"services\":{}}").statusCode()).isEqualTo(201);
        assertThat(http.put("/api/v1/tenants/acme/quota", admin, "{}").statusCode()).isEqualTo(200);
        String platformOnAcme = awaitEntry(acmeAdmin, "\"path\":\"/api/v1/tenants/acme/quota\"");
        assertThat(platformOnAcme).contains("\"tenant\":\"system\"", "\"target\":\"acme\"", "\"status\":200");

        HttpResponse<String> globex = http.get("/api/v1/audit", globexAdmin);
        assertThat(globex.statusCode()).isEqualTo(200);
        assertThat(globex.body()).doesNotContain("acme");
        assertThat(http.get("/api/v1/audit?tenant=acme", globexAdmin).statusCode()).isEqualTo(404);
        assertThat(http.get("/api/v1/audit", acme).statusCode()).isEqualTo(403);

        String acmeOnly = http.get("/api/v1/audit?tenant=acme&limit=500", admin).body();
        assertThat(acmeOnly).contains("\"target\":\"acme\"").doesNotContain("\"target\":\"globex\"")
                .doesNotContain("\"target\":\"system\"");
    }

    @Test
    void theListingPagesByItsKey() throws Exception {
        for (int i = 0; i < 3; i++) {
            http.post("/api/v1/apps", acme, "{\"name\":\"p" + i + "\",\"services\":{}}");
        }
        awaitCount(acmeAdmin, 3);
        HttpResponse<String> first = http.get("/api/v1/audit?limit=2", acmeAdmin);
        String next = Http.field(first.body(), "next");
        assertThat(ids(first.body())).hasSize(2);
        HttpResponse<String> second = http.get("/api/v1/audit?limit=2&after=" + next, acmeAdmin);
        assertThat(ids(second.body())).isNotEmpty()
                .allSatisfy(id -> assertThat(id).isGreaterThan(Long.parseLong(next)));
        assertThat(http.get("/api/v1/audit?after=x", acmeAdmin).statusCode()).isEqualTo(400);
    }

    @Test
    void aFailedAuditWriteIsCountedAndTheCallIsAnsweredAllTheSame() throws Exception {
        TestDatabase.update(running.gateway().schema, "ALTER TABLE audit RENAME TO audit_away");
        try {
            HttpResponse<String> created = http.post("/api/v1/apps", acme, "{\"name\":\"lost\",\"services\":{}}");
            assertThat(created.statusCode()).isEqualTo(201);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (lost() < 1 && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertThat(lost()).isGreaterThanOrEqualTo(1);
        } finally {
            TestDatabase.update(running.gateway().schema, "ALTER TABLE audit_away RENAME TO audit");
        }
    }

    private static double lost() throws Exception {
        Matcher m = Pattern.compile("berth_gateway_audit_lost_total\\{[^}]*reason=\"write-failed\"[^}]*} ([0-9.E]+)")
                .matcher(http.get("/actuator/prometheus", null).body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String tokenId(String token) throws Exception {
        return Http.field(http.get("/api/v1/whoami", token).body(), "token");
    }

    /** The first entry of the caller's audit listing that contains every part, waiting for it to be written. */
    private static String awaitEntry(String token, String... parts) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            String body = http.get("/api/v1/audit?limit=500", token).body();
            for (String entry : body.split("\\},\\{")) {
                if (java.util.Arrays.stream(parts).allMatch(entry::contains)) {
                    return entry;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no audit entry with " + List.of(parts) + " in " + body);
            }
            Thread.sleep(50);
        }
    }

    private static void awaitCount(String token, int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (ids(http.get("/api/v1/audit?limit=500", token).body()).size() < count
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
    }

    private static List<Long> ids(String body) {
        List<Long> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(body);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    @Test
    void entriesOlderThanTheRetentionAreSweptAndNoOthers() throws Exception {
        String schema = running.gateway().schema;
        long before = TestDatabase.queryLong(schema, "SELECT count(*) FROM audit");
        // Two entries from long ago, as a gateway that ran then would have written them.
        for (int i = 0; i < 2; i++) {
            TestDatabase.update(schema, "INSERT INTO audit (at, tenant, principal, token, method, path, target,"
                    + " status) VALUES (now() - interval '400 days', 'acme', 'old', 'ffffffffffffffff', 'POST',"
                    + " '/api/v1/apps', 'acme', 201)");
        }

        int swept = running.gateway().bean(AuditRetention.class).sweep();

        assertThat(swept).isEqualTo(2);
        assertThat(TestDatabase.queryLong(schema, "SELECT count(*) FROM audit")).as("the recent ones stay")
                .isGreaterThanOrEqualTo(before);
        assertThat(TestDatabase.queryLong(schema, "SELECT count(*) FROM audit WHERE principal = 'old'")).isZero();
    }
}
