package dev.berth.agent.cluster;

import org.jspecify.annotations.Nullable;

/** Runs one health check of a running replica container, within the check's timeout. */
public interface Prober {

    /** @param output what the check printed or answered, or why it failed */
    record Result(boolean passed, @Nullable String output) {}

    Result probe(ReplicaContainer container, HealthCheck check);
}
