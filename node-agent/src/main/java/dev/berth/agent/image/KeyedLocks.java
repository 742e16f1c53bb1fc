package dev.berth.agent.image;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per key, such as a layer digest, so that work on different layers runs in parallel while two imports of
 * the same layer take turns. A key's lock exists only while someone holds or awaits it.
 */
final class KeyedLocks<K> {
    private final Map<K, Entry> locks = new HashMap<>();

    /** Held until closed; use with try-with-resources. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    Held lock(K key) {
        Entry entry;
        synchronized (locks) {
            entry = locks.computeIfAbsent(key, k -> new Entry());
            entry.users++;
        }
        entry.lock.lock();
        return () -> {
            entry.lock.unlock();
            synchronized (locks) {
                if (--entry.users == 0) {
                    locks.remove(key);
                }
            }
        };
    }
}
