package dev.berth.gateway.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Answers kept by key, each stamped with the generation it was read in. An answer serves only while the generation
 * is still the one it was read in, and only while the cache is live, that is while the scheduler's change feed is
 * followed. Every change, and every loss or return of the feed, is a new generation: whatever was read before is
 * never served again.
 *
 * <p>An answer is stored only if no change came between the start of its request and its end
 * ({@link #put(String, long, Answer)} with the generation {@link #generation()} gave at the start), so an answer read
 * before a change can never be stamped with the generation after it.
 */
public final class ReadCache {
    /** A stored answer: the body and its media type. */
    public record Answer(byte[] body, String contentType) {}

    private record Entry(long generation, Answer answer) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    /** The bodies' bytes kept, about: counted as they are kept, zeroed when all are dropped. */
    private final AtomicLong kept = new AtomicLong();
    private final int maxEntries;
    private final long maxTotal;
    private final int maxBytes;
    private volatile boolean live;

    /**
     * @param maxEntries how many answers are kept; at that many, all are dropped before the next is kept
     * @param maxTotal how many bytes of bodies are kept; the same beyond it
     * @param maxBytes the largest body kept
     */
    public ReadCache(int maxEntries, long maxTotal, int maxBytes) {
        this.maxEntries = maxEntries;
        this.maxTotal = maxTotal;
        this.maxBytes = maxBytes;
    }

    /** The generation now: what a request notes at its start, to {@link #put} its answer at its end. */
    public long generation() {
        return generation.get();
    }

    public boolean live() {
        return live;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** The answer stored under {@code key} in the current generation, if the cache is live. */
    public @Nullable Answer get(String key) {
        if (!live) {
            return null;
        }
        Entry entry = entries.get(key);
        return entry != null && entry.generation() == generation.get() ? entry.answer() : null;
    }

    /** Keeps {@code answer}, if it was read entirely within generation {@code readIn} and that is still now. */
    public void put(String key, long readIn, Answer answer) {
        if (!live || readIn != generation.get() || answer.body().length > maxBytes) {
            return;
        }
        if (entries.size() >= maxEntries || kept.get() + answer.body().length > maxTotal) {
            drop();
        }
        kept.addAndGet(answer.body().length);
        // Should a change come between the check and here, the entry carries the generation before it: never served.
        entries.put(key, new Entry(readIn, answer));
    }

    /** Something may have changed: nothing read so far serves again. */
    public void changed() {
        generation.incrementAndGet();
        drop();
    }

    private void drop() {
        entries.clear();
        kept.set(0);
    }

    /** The feed is followed (true) or lost (false): either way, a new generation. */
    public void live(boolean now) {
        live = now;
        changed();
    }

    int size() {
        return entries.size();
    }
}
