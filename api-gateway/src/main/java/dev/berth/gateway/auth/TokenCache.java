package dev.berth.gateway.auth;

import dev.berth.gateway.token.TokenId;
import dev.berth.gateway.token.TokenStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The token rows read within the last {@code ttl}, so that a burst of requests with one token reads PostgreSQL once
 * per {@code ttl} rather than once per request. Only rows found are kept; the secret, the revocation and the expiry
 * are still checked against the row on every request. A revocation through this gateway {@link #forget}s the token
 * before it is answered, so the next request reads the row afresh; a row read while a revocation was under way is
 * not kept. A revocation through another gateway instance is seen here within {@code ttl}.
 */
public final class TokenCache {
    /** Past this many rows kept, a read first drops the old ones. */
    private static final int SWEEP_ABOVE = 10_000;

    private record Entry(TokenStore.Stored stored, long readAt) {}

    private final Map<TokenId, Entry> entries = new ConcurrentHashMap<>();
    /** Counts revocations, so a read that overlapped one is not kept. */
    private final AtomicLong forgotten = new AtomicLong();
    private final long ttlNanos;
    private final LongSupplier nanoTime;

    public TokenCache(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The token's row: the one read within {@code ttl}, else what {@code read} finds now. */
    public Optional<TokenStore.Stored> find(TokenId id, Function<TokenId, Optional<TokenStore.Stored>> read) {
        long now = nanoTime.getAsLong();
        Entry entry = entries.get(id);
        if (entry != null && now - entry.readAt() < ttlNanos) {
            return Optional.of(entry.stored());
        }
        if (entries.size() > SWEEP_ABOVE) {
            expire(now);
        }
        long before = forgotten.get();
        Optional<TokenStore.Stored> found = read.apply(id);
        if (ttlNanos > 0 && found.isPresent() && forgotten.get() == before) {
            entries.put(id, new Entry(found.get(), now));
            if (forgotten.get() != before) {
                entries.remove(id);
            }
        } else if (found.isEmpty()) {
            entries.remove(id);
        }
        return found;
    }

    /** The token's row if one was read within {@code ttl}; null otherwise. Never reads. */
    public TokenStore.@Nullable Stored cached(TokenId id) {
        Entry entry = entries.get(id);
        return entry != null && nanoTime.getAsLong() - entry.readAt() < ttlNanos ? entry.stored() : null;
    }

    /** Drops the token's row, as its revocation must be seen by the next request. */
    public void forget(TokenId id) {
        forgotten.incrementAndGet();
        entries.remove(id);
    }

    /** Drops rows older than {@code ttl}, so tokens no longer used do not stay. */
    private void expire(long now) {
        entries.values().removeIf(entry -> now - entry.readAt() >= ttlNanos);
    }
}
