package dev.berth.gateway.auth;

/**
 * A token bucket: {@code burst} requests at once, refilled at {@code perSecond}. Time comes in as nanoseconds from
 * any fixed origin, so the arithmetic is tested without a clock. Thread-safe.
 */
public final class TokenBucket {
    private final double perSecond;
    private final double burst;
    private double available;
    private long last;

    public TokenBucket(double perSecond, int burst, long nowNanos) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.available = burst;
        this.last = nowNanos;
    }

    /** Takes one request's worth: 0 when it may go now, else the nanoseconds until one is available. */
    public synchronized long take(long nowNanos) {
        if (nowNanos > last) {
            available = Math.min(burst, available + (nowNanos - last) * perSecond / 1e9);
            last = nowNanos;
        }
        if (available >= 1) {
            available -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - available) * 1e9 / perSecond);
    }
}
