package dev.berth.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.gateway.cache.ReadCache;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read cache: a tenant's read of its apps is answered from memory while the scheduler's change feed says
 * nothing changed, to that tenant only; a change on the feed, a write through the gateway, or the loss of the feed
 * sends the next read to the scheduler again.
 */
class ReadCacheIT {
    private static final String ACME_APPS = "[{\"tenant\":\"acme\",\"name\":\"shop\"}]";

    private static RunningGateway running;
    private static Upstream upstream;
    private static Http http;
    private static String acme;
    private static String globex;
    private static ReadCache cache;

    @BeforeAll
    static void start() throws Exception {
        running = RunningGateway.start("readcache");
        upstream = running.upstream();
        http = running.http();
        acme = http.token(running.admin(), "acme", "ci", "\"read\",\"deploy\"", null);
        globex = http.token(running.admin(), "globex", "ci", "\"read\",\"deploy\"", null);
        cache = running.gateway().bean(ReadCache.class);
        upstream.answer("GET", "/api/v1/apps", "tenant=acme", ACME_APPS);
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @BeforeEach
    void feedFollowed() {
        upstream.feedOn();
        await("the gateway following the feed", cache::live);
    }

    @Test
    void aTenantsRepeatedReadIsAnsweredFromMemoryAndOnlyToThatTenant() throws Exception {
        upstream.change();
        int before = reads();
        HttpResponse<String> first = http.get("/api/v1/apps", acme);
        HttpResponse<String> second = http.get("/api/v1/apps", acme);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(ACME_APPS).isEqualTo(first.body());
        assertThat(second.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(reads()).as("the scheduler asked once for two reads").isEqualTo(before + 1);

        // Another tenant's same read is its own, asked of the scheduler with its own tenant.
        HttpResponse<String> other = http.get("/api/v1/apps", globex);
        assertThat(other.body()).isEqualTo("{\"tenant\":\"globex\"}");
        assertThat(upstream.last().tenantParameter()).isEqualTo("globex");
        assertThat(reads()).isEqualTo(before + 2);
        // A different query is a different read.
        http.get("/api/v1/apps?limit=5", acme);
        assertThat(reads()).isEqualTo(before + 3);
        // A client that says it is another tenant is still itself.
        assertThat(http.get("/api/v1/apps?tenant=acme", globex).body()).isEqualTo("{\"tenant\":\"globex\"}");
    }

    @Test
    void aChangeOnTheFeedSendsTheNextReadToTheScheduler() throws Exception {
        http.get("/api/v1/apps", acme);
        int before = reads();
        http.get("/api/v1/apps", acme);
        assertThat(reads()).isEqualTo(before);

        long generation = cache.generation();
        upstream.answer("GET", "/api/v1/apps", "tenant=acme", "[]");
        upstream.change();
        await("the change told", () -> cache.generation() > generation);
        assertThat(http.get("/api/v1/apps", acme).body()).isEqualTo("[]");
        assertThat(reads()).isEqualTo(before + 1);
        upstream.answer("GET", "/api/v1/apps", "tenant=acme", ACME_APPS);
        upstream.change();
    }

    @Test
    void aWriteThroughTheGatewayIsReadBackAtOnce() throws Exception {
        http.get("/api/v1/apps/web", acme);
        http.get("/api/v1/apps/web", acme);
        int before = reads("/api/v1/apps/web");
        HttpResponse<String> scaled = http.post("/api/v1/apps/web/services/web/scale", acme, "{\"replicas\":2}");
        assertThat(scaled.statusCode()).isEqualTo(201);
        // No wait for the feed: the write's own answer dropped what was kept.
        http.get("/api/v1/apps/web", acme);
        assertThat(reads("/api/v1/apps/web")).isEqualTo(before + 1);
    }

    @Test
    void aHeadIsNeitherServedNorAChange() throws Exception {
        http.get("/api/v1/apps", acme);
        int before = reads();
        assertThat(http.send("HEAD", "/api/v1/apps", Http.bearer(acme), null).statusCode()).isLessThan(300);
        assertThat(upstream.seen("HEAD", "/api/v1/apps")).isNotEmpty();
        http.get("/api/v1/apps", acme);
        assertThat(reads()).as("the kept answer still served after a HEAD").isEqualTo(before);
    }

    @Test
    void onlyASuccessfulJsonAnswerIsKept() throws Exception {
        int before = reads("/api/v1/apps/web");
        assertThat(http.get("/api/v1/apps/web", globex).statusCode()).isEqualTo(404);
        assertThat(http.get("/api/v1/apps/web", globex).statusCode()).isEqualTo(404);
        assertThat(reads("/api/v1/apps/web")).isEqualTo(before + 2);
    }

    @Test
    void withoutTheFeedEveryReadGoesToTheScheduler() throws Exception {
        upstream.feedOff();
        await("the feed's loss noticed", () -> !cache.live());
        int before = reads();
        http.get("/api/v1/apps", acme);
        http.get("/api/v1/apps", acme);
        assertThat(reads()).isEqualTo(before + 2);

        upstream.feedOn();
        await("the feed followed again", cache::live);
        http.get("/api/v1/apps", acme);
        http.get("/api/v1/apps", acme);
        assertThat(reads()).isEqualTo(before + 3);
    }

    @Test
    void aCachedReadStillNeedsAValidToken() throws Exception {
        String token = http.token(running.admin(), "acme", "short", "\"read\"", null);
        http.get("/api/v1/apps", token);
        assertThat(http.get("/api/v1/apps", token).statusCode()).isEqualTo(200);
        String id = token.substring("berth_".length(), token.indexOf('_', "berth_".length()));
        assertThat(http.delete("/api/v1/tokens/" + id, running.admin()).statusCode()).isEqualTo(204);
        assertThat(http.get("/api/v1/apps", token).statusCode()).isEqualTo(401);
        assertThat(http.get("/api/v1/apps", null).statusCode()).isEqualTo(401);
    }

    private static int reads() {
        return reads("/api/v1/apps");
    }

    private static int reads(String path) {
        return upstream.seen("GET", path).size();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
