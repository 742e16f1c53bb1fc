package dev.berth.agent.cluster;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the node knows of one replica beyond its container: its restart history under its spec version, the last exit
 * its policy was given, and what the heartbeat should say about it.
 */
final class ReplicaStanding {
    final int specVersion;
    final RestartTracker restarts;
    volatile @Nullable String message;
    volatile @Nullable Instant lastExitSeen;
    volatile @Nullable Integer lastExitCode;
    /** Whether that exit was the kernel's OOM killer. */
    volatile boolean lastOom;

    ReplicaStanding(int specVersion, RestartPolicy policy, int restartsBefore) {
        this.specVersion = specVersion;
        this.restarts = new RestartTracker(policy, restartsBefore);
    }
}
