package dev.berth.agent.cluster;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A container of this node that carries a {@code berth.replica} label: one the agent made for an assignment, now or
 * in an earlier run of the agent.
 *
 * @param state {@code created}, {@code running} or {@code exited}
 * @param oomKilled whether its last exit was the kernel's OOM killer
 * @param address its address on its bridge, or null without one
 */
public record ReplicaContainer(String id, long replica, int specVersion, String name, String state,
                               @Nullable Integer exitCode, boolean oomKilled, @Nullable Instant startedAt, @Nullable Instant finishedAt,
                               @Nullable String error, @Nullable String address) {

    public boolean running() {
        return state.equals("running");
    }

    public boolean exited() {
        return state.equals("exited");
    }

    public boolean created() {
        return state.equals("created");
    }
}
