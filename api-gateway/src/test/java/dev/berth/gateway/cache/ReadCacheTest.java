package dev.berth.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReadCacheTest {
    private static final ReadCache.Answer APPS = answer("[{\"name\":\"shop\"}]");

    private static ReadCache.Answer answer(String json) {
        return new ReadCache.Answer(json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static ReadCache live() {
        ReadCache cache = new ReadCache(100, 1 << 20, 1024);
        cache.live(true);
        return cache;
    }

    @Test
    void anAnswerServesWithinItsGenerationOnly() {
        ReadCache cache = live();
        cache.put("acme /api/v1/apps", cache.generation(), APPS);
        assertThat(cache.get("acme /api/v1/apps")).isEqualTo(APPS);
        assertThat(cache.get("globex /api/v1/apps")).isNull();
        cache.changed();
        assertThat(cache.get("acme /api/v1/apps")).isNull();
    }

    @Test
    void anAnswerReadAcrossAChangeIsNotKept() {
        ReadCache cache = live();
        long started = cache.generation();
        cache.changed();
        cache.put("acme /api/v1/apps", started, APPS);
        assertThat(cache.get("acme /api/v1/apps")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void nothingIsKeptOrServedWhileTheFeedIsNotFollowed() {
        ReadCache cache = new ReadCache(100, 1 << 20, 1024);
        cache.put("acme /api/v1/apps", cache.generation(), APPS);
        assertThat(cache.get("acme /api/v1/apps")).isNull();

        cache.live(true);
        cache.put("acme /api/v1/apps", cache.generation(), APPS);
        cache.live(false);
        assertThat(cache.get("acme /api/v1/apps")).isNull();
        // Back: what was kept before the loss does not serve, for changes in between went untold.
        cache.live(true);
        assertThat(cache.get("acme /api/v1/apps")).isNull();
    }

    @Test
    void aBodyOverTheLimitIsNotKeptAndAFullCacheStartsOver() {
        ReadCache cache = new ReadCache(2, 1024, 8);
        cache.live(true);
        cache.put("big", cache.generation(), answer("[1,2,3,4,5]"));
        assertThat(cache.get("big")).isNull();
        cache.put("a", cache.generation(), answer("[1]"));
        cache.put("b", cache.generation(), answer("[2]"));
        cache.put("c", cache.generation(), answer("[3]"));
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get("c")).isNotNull();
    }

    @Test
    void pastItsBytesTheCacheStartsOver() {
        ReadCache cache = new ReadCache(100, 12, 8);
        cache.live(true);
        cache.put("a", cache.generation(), answer("[1,2,3]"));
        cache.put("b", cache.generation(), answer("[4,5]"));
        assertThat(cache.size()).isEqualTo(2);
        // 7 + 5 bytes kept, 12 at most: all dropped, then the new one kept.
        cache.put("c", cache.generation(), answer("[6,7]"));
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("c")).isNotNull();
        cache.changed();
        cache.put("d", cache.generation(), answer("[1,2,3]"));
        cache.put("e", cache.generation(), answer("[1]"));
        assertThat(cache.size()).as("the count starts again from nothing after a change").isEqualTo(2);
    }
}
