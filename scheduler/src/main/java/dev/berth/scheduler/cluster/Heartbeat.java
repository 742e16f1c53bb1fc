package dev.berth.scheduler.cluster;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an agent reports every few seconds: the containers it runs for the scheduler, as they are, and the images it
 * holds (for image locality).
 */
public record Heartbeat(@Nullable List<ContainerReport> containers, @Nullable List<String> images) {

    /**
     * One container.
     *
     * @param replica the replica id from the assignment
     * @param state starting, running, exited, failed (the restart policy gave up) or stopped
     * @param health healthy or unhealthy once the health check has a verdict (retries exhausted), else absent
     * @param restarts how often the agent restarted it
     * @param exitCode the last exit code, if it exited
     * @param message what the agent wants shown with it (an error of the runtime, the last health check output)
     * @param oom whether the last exit was the kernel's OOM killer (optional: absent, a message naming an OOM kill
     *     counts)
     * @param container the id of the container that runs the replica (optional: absent, the one known stays)
     */
    public record ContainerReport(@Nullable Long replica, @Nullable String state, @Nullable String health,
                                  @Nullable Integer restarts, @Nullable Integer exitCode,
                                  @Nullable String message, @Nullable Boolean oom, @Nullable String container) {}
}
