package dev.berth.agent.container;

import dev.berth.agent.console.ConsoleSlot;
import dev.berth.agent.stdio.LogFiles;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One process run inside a running container, as {@code docker exec} makes it: created, then started once, then
 * exited. Kept in memory only.
 */
public final class Exec {
    private final String id;
    private final String containerId;
    private final ExecRequest request;
    private final @Nullable LogFiles output;
    private final ConsoleSlot console = new ConsoleSlot();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile boolean started;
    private volatile int pid;
    private volatile @Nullable Instant finishedAt;

    Exec(String id, String containerId, ExecRequest request, @Nullable LogFiles output) {
        this.id = id;
        this.containerId = containerId;
        this.request = request;
        this.output = output;
    }

    public String id() {
        return id;
    }

    public String containerId() {
        return containerId;
    }

    public ExecRequest request() {
        return request;
    }

    public List<String> cmd() {
        return request.cmd();
    }

    /** Where its stdout and stderr go, for attached clients to follow; null when it is detached (discarded). */
    public @Nullable LogFiles output() {
        return output;
    }

    public ConsoleSlot console() {
        return console;
    }

    public boolean running() {
        return started && !exit.isDone();
    }

    public boolean started() {
        return started;
    }

    /** Its host pid once started (kept after it ends, as Docker's exec inspect does), else 0. */
    public int pid() {
        return pid;
    }

    /** Its exit code once it has exited. */
    public @Nullable Integer exitCode() {
        return exit.isDone() ? exit.join() : null;
    }

    /** Completes with the exit code. */
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    @Nullable Instant finishedAt() {
        return finishedAt;
    }

    /** Claims the one start an exec has; false if it was started already. */
    synchronized boolean claimStart() {
        if (started) {
            return false;
        }
        started = true;
        return true;
    }

    void running(int pid) {
        this.pid = pid;
    }

    void exited(int code, Instant now) {
        finishedAt = now;
        exit.complete(code);
    }
}
