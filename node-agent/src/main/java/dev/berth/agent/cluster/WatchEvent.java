package dev.berth.agent.cluster;

import java.util.List;

/** One message of the assignment stream; each carries the revision it brings the node's view to. */
public sealed interface WatchEvent {
    long revision();

    /** Everything the node should run: it replaces what the agent knew. */
    record Snapshot(long revision, List<Assignment> assignments) implements WatchEvent {
        public Snapshot {
            assignments = List.copyOf(assignments);
        }
    }

    /** A replica to run, new or changed. */
    record Put(long revision, Assignment assignment) implements WatchEvent {}

    /** A replica the node should no longer run. */
    record Remove(long revision, long replica) implements WatchEvent {}

    /** Nothing changed up to {@code revision}. */
    record Keepalive(long revision) implements WatchEvent {}
}
