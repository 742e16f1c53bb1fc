package dev.berth.gateway.auth;

import dev.berth.gateway.token.TokenId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per API token, in memory: each gateway instance limits on its own, and a restart starts the buckets
 * full.
 */
public final class RateLimiter {
    private final double perSecond;
    private final int burst;
    private final LongSupplier nanoTime;
    private final Map<TokenId, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double perSecond, int burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** 0 when the token's request may go, else the whole seconds (at least 1) to wait: the Retry-After. */
    public long retryAfterSeconds(TokenId token) {
        long now = nanoTime.getAsLong();
        long wait = buckets.computeIfAbsent(token, id -> new TokenBucket(perSecond, burst, now)).take(now);
        return wait == 0 ? 0 : Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
    }
}
