package dev.berth.agent.container;

import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;
import dev.berth.agent.linux.WaitStatus;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns of container exits: one thread waits on a pidfd per container with epoll, then reaps the child with waitpid
 * and hands its status to the runtime. It only ever waits on pids it was given, so it never steals the exit of a
 * process the JVM started for itself.
 */
public final class Reaper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reaper.class);
    private static final int EPOLLIN = 0x001;

    private final Syscalls sys;
    private final Executor handlers;
    private final int epoll;
    private final Map<Integer, Watch> byPidfd = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param handlers where exit callbacks run; they may block (cgroup teardown), so not on the reaper's thread
     */
    public Reaper(Syscalls sys, Executor handlers) {
        this.sys = sys;
        this.handlers = handlers;
        this.epoll = sys.epollCreate();
        this.thread = Thread.ofPlatform().name("berth-reaper").daemon().start(this::run);
    }

    /**
     * Reports the exit of {@code pid}. For a child of the agent the status is its real one; for a process adopted
     * after an agent restart (not our child) it is empty, since only a parent can learn it.
     */
    public void watch(int pid, boolean child, Consumer<Optional<WaitStatus>> onExit) {
        int pidfd;
        try {
            pidfd = sys.pidfdOpen(pid);
        } catch (SyscallException e) {
            if (e.errno() != Errno.ESRCH) {
                throw e;
            }
            handlers.execute(() -> onExit.accept(child ? reap(pid) : Optional.empty()));
            return;
        }
        byPidfd.put(pidfd, new Watch(pid, child, onExit));
        sys.epollAdd(epoll, pidfd, EPOLLIN, pidfd);
    }

    private void run() {
        long[] ready = new long[64];
        while (running) {
            try {
                int count = sys.epollWait(epoll, ready, 1000);
                for (int i = 0; i < count; i++) {
                    int pidfd = (int) ready[i];
                    Watch watch = byPidfd.remove(pidfd);
                    sys.epollDelete(epoll, pidfd);
                    sys.close(pidfd);
                    if (watch != null) {
                        handlers.execute(() -> watch.onExit.accept(watch.child ? reap(watch.pid) : Optional.empty()));
                    }
                }
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("reaper: {}", e.toString());
                }
            }
        }
    }

    private Optional<WaitStatus> reap(int pid) {
        try {
            return sys.waitpid(pid, false);
        } catch (SyscallException e) {
            log.warn("cannot reap pid {}: {}", pid, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        for (Integer pidfd : byPidfd.keySet()) {
            sys.close(pidfd);
        }
        sys.close(epoll);
    }

    private record Watch(int pid, boolean child, Consumer<Optional<WaitStatus>> onExit) {}
}
