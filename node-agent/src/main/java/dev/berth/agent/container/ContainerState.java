package dev.berth.agent.container;

import dev.berth.agent.network.PublishedPort;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a container's run state; each transition returns a new one, persisted before anyone sees it.
 *
 * @param pid host pid of the first process while running, else 0
 * @param pidStartTime its start time in clock ticks since boot (/proc/PID/stat field 22), to tell it from a reused pid
 * @param ports the published ports in force while running, with the host ports picked for this start
 */
public record ContainerState(ContainerStatus status, int pid, long pidStartTime, @Nullable Integer exitCode,
                             boolean oomKilled, @Nullable String error, @Nullable Instant startedAt,
                             @Nullable Instant finishedAt, List<PublishedPort> ports) {

    public ContainerState {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public static ContainerState created() {
        return new ContainerState(ContainerStatus.CREATED, 0, 0, null, false, null, null, null, List.of());
    }

    public boolean running() {
        return status == ContainerStatus.RUNNING;
    }

    public ContainerState started(int pid, long pidStartTime, Instant now, List<PublishedPort> ports) {
        requireNot(ContainerStatus.RUNNING, "start");
        return new ContainerState(ContainerStatus.RUNNING, pid, pidStartTime, null, false, null, now, null, ports);
    }

    public ContainerState exited(int exitCode, boolean oomKilled, @Nullable String error, Instant now) {
        return new ContainerState(ContainerStatus.EXITED, 0, 0, exitCode, oomKilled, error,
                startedAt, now, List.of());
    }

    /** A start that failed before the entrypoint ran: the container never ran this time. */
    public ContainerState failedToStart(int exitCode, String error, Instant now) {
        requireNot(ContainerStatus.RUNNING, "start");
        return new ContainerState(ContainerStatus.EXITED, 0, 0, exitCode, false, error, now, now, List.of());
    }

    private void requireNot(ContainerStatus forbidden, String action) {
        if (status == forbidden) {
            throw new ContainerConflictException("cannot " + action + " a container that is " + status.apiName());
        }
    }
}
