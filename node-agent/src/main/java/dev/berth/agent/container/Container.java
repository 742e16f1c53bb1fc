package dev.berth.agent.container;

import dev.berth.agent.cgroup.Cgroup;
import dev.berth.agent.console.ConsoleSlot;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One container: its immutable config, its current state, and what waits for its next exit. Every transition happens
 * under {@link #lock()}, and the state is saved before the lock is released.
 */
public final class Container {
    private final ContainerConfig config;
    private final ContainerPaths paths;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile ContainerState state;
    private volatile CompletableFuture<ExitResult> nextExit = new CompletableFuture<>();
    private final CompletableFuture<ExitResult> removal = new CompletableFuture<>();
    private volatile @Nullable Cgroup cgroup;
    private volatile boolean removed;
    private final ConsoleSlot console = new ConsoleSlot();

    Container(ContainerConfig config, ContainerPaths paths, ContainerState state) {
        this.config = config;
        this.paths = paths;
        this.state = state;
    }

    public ContainerConfig config() {
        return config;
    }

    public ContainerPaths paths() {
        return paths;
    }

    public ContainerState state() {
        return state;
    }

    public ContainerId id() {
        return config.id();
    }

    /** The input of its current run, for attached clients; empty unless it has an open stdin or a terminal. */
    public ConsoleSlot console() {
        return console;
    }

    public boolean removed() {
        return removed;
    }

    ReentrantLock lock() {
        return lock;
    }

    void state(ContainerState state) {
        this.state = state;
    }

    CompletableFuture<ExitResult> nextExit() {
        return nextExit;
    }

    /** Completes the current exit future and arms a new one for the next run. */
    void exited(ExitResult result) {
        CompletableFuture<ExitResult> current = nextExit;
        nextExit = new CompletableFuture<>();
        current.complete(result);
    }

    @Nullable Cgroup cgroup() {
        return cgroup;
    }

    void cgroup(@Nullable Cgroup cgroup) {
        this.cgroup = cgroup;
    }

    void markRemoved() {
        removed = true;
    }

    /** Completes, with the last exit, once the container is removed. */
    CompletableFuture<ExitResult> removal() {
        return removal;
    }

    void removalDone() {
        removal.complete(lastExit());
    }

    /** The exit result the state records, for a container that is not running. */
    public ExitResult lastExit() {
        ContainerState s = state;
        return new ExitResult(s.exitCode() == null ? 0 : s.exitCode(), s.oomKilled(), s.error());
    }
}
