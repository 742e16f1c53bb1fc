package dev.berth.agent.cluster;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The assignments of this node as the stream has brought them: a snapshot replaces them all, a put adds or changes
 * one, a remove drops one. Also the revision the view is at, which a resumed stream starts after.
 */
final class DesiredState {
    private final Map<Long, Assignment> assignments = new LinkedHashMap<>();
    private long revision;
    private boolean seeded;

    /** Applies an event; whether the assignments changed. */
    synchronized boolean apply(WatchEvent event) {
        boolean changed = switch (event) {
            case WatchEvent.Snapshot snapshot -> {
                Map<Long, Assignment> next = new LinkedHashMap<>();
                snapshot.assignments().forEach(a -> next.put(a.replica(), a));
                boolean differs = !next.equals(assignments) || !seeded;
                assignments.clear();
                assignments.putAll(next);
                seeded = true;
                yield differs;
            }
            case WatchEvent.Put put -> !put.assignment().equals(assignments.put(put.assignment().replica(),
                    put.assignment()));
            case WatchEvent.Remove remove -> assignments.remove(remove.replica()) != null;
            case WatchEvent.Keepalive keepalive -> false;
        };
        revision = Math.max(revision, event.revision());
        if (event instanceof WatchEvent.Snapshot snapshot) {
            // A snapshot is the truth as of its revision, even one older than what was seen (a reset scheduler).
            revision = snapshot.revision();
        }
        return changed;
    }

    /** Forgets replicas the scheduler says are not this node's (they moved away, or were removed). */
    synchronized boolean forget(Collection<Long> replicas) {
        boolean changed = false;
        for (Long replica : replicas) {
            changed |= assignments.remove(replica) != null;
        }
        return changed;
    }

    synchronized Map<Long, Assignment> assignments() {
        return Collections.unmodifiableMap(new TreeMap<>(assignments));
    }

    /** The revision of the last event applied; 0 before the first snapshot. */
    synchronized long revision() {
        return revision;
    }

    /**
     * Whether a snapshot has arrived since the agent started: before it, the agent does not know what it should run
     * and must not remove anything.
     */
    synchronized boolean seeded() {
        return seeded;
    }
}
