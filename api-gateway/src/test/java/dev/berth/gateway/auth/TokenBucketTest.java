package dev.berth.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.gateway.token.TokenId;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketLetsTheBurstThroughThenWaitsForTheRefill() {
        TokenBucket bucket = new TokenBucket(2, 3, 0);
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isZero();
        // Empty: at 2 per second, the next one is half a second away.
        assertThat(bucket.take(0)).isEqualTo(SECOND / 2);
        assertThat(bucket.take(SECOND / 4)).isEqualTo(SECOND / 4);
        assertThat(bucket.take(SECOND / 2)).isZero();
        assertThat(bucket.take(SECOND / 2)).isEqualTo(SECOND / 2);
    }

    @Test
    void theRefillStopsAtTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 2, 0);
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(100 * SECOND)).isZero();
        assertThat(bucket.take(100 * SECOND)).isZero();
        assertThat(bucket.take(100 * SECOND)).isEqualTo(SECOND / 10);
    }

    @Test
    void aClockThatGoesBackNeitherAddsNorTakes() {
        TokenBucket bucket = new TokenBucket(1, 1, 10 * SECOND);
        assertThat(bucket.take(10 * SECOND)).isZero();
        assertThat(bucket.take(5 * SECOND)).isEqualTo(SECOND);
        assertThat(bucket.take(11 * SECOND)).isZero();
    }

    @Test
    void aRateLimitNeedsAPositiveRateAndBurst() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLimiterKeepsOneBucketPerTokenAndRoundsRetryAfterUpToWholeSeconds() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(0.5, 1, now::get);
        TokenId a = new TokenId("000000000000000a");
        TokenId b = new TokenId("000000000000000b");
        assertThat(limiter.retryAfterSeconds(a)).isZero();
        assertThat(limiter.retryAfterSeconds(b)).isZero();
        assertThat(limiter.retryAfterSeconds(a)).isEqualTo(2);
        now.set(SECOND + SECOND / 2);
        assertThat(limiter.retryAfterSeconds(a)).isEqualTo(1);
        now.set(2 * SECOND);
        assertThat(limiter.retryAfterSeconds(a)).isZero();
    }
}
