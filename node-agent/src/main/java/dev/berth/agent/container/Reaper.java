package dev.berth.agent.container;

import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;
import dev.berth.agent.linux.WaitStatus;
import dev.berth.agent.supervisor.ExitRecord;
import dev.berth.agent.supervisor.ExitRecords;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns of container exits: one thread waits on a pidfd per container with epoll, then reaps the child with waitpid
 * and hands its status to the runtime. It only ever waits on pids it was given, so it never steals the exit of a
 * process the JVM started for itself.
 *
 * <p>A container adopted after an agent restart is not the agent's child: under the supervisor it is the
 * supervisor's, which records its exit ({@link ExitRecords}); the reaper reads that record. Without a supervisor
 * such an exit cannot be learnt.
 */
public final class Reaper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reaper.class);
    private static final int EPOLLIN = 0x001;

    /** How long an adopted container's exit record may take to appear once its pidfd says it exited. */
    private static final Duration RECORD_WAIT = Duration.ofSeconds(5);

    private final Syscalls sys;
    private final Executor handlers;
    private final @Nullable ExitRecords records;
    private final int epoll;
    private final Map<Integer, Watch> byPidfd = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param handlers where exit callbacks run; they may block (cgroup teardown), so not on the reaper's thread
     * @param records the supervisor's exit records, or null when the agent runs without a supervisor
     */
    public Reaper(Syscalls sys, Executor handlers, @Nullable ExitRecords records) {
        this.sys = sys;
        this.handlers = handlers;
        this.records = records;
        this.epoll = sys.epollCreate();
        this.thread = Thread.ofPlatform().name("berth-reaper").daemon().start(this::run);
    }

    /** Whether a supervisor records the exits of containers that are not the agent's children. */
    public boolean supervised() {
        return records != null;
    }

    /**
     * Reports the exit of {@code pid}. For a child of the agent the status is its real one; for a process adopted
     * after an agent restart (not our child) it is the one the supervisor recorded, or empty without a supervisor.
     *
     * @param startTime the process's start time, which names it in the supervisor's records
     */
    public void watch(int pid, long startTime, boolean child, Consumer<Optional<WaitStatus>> onExit) {
        int pidfd;
        try {
            pidfd = sys.pidfdOpen(pid);
        } catch (SyscallException e) {
            if (e.errno() != Errno.ESRCH) {
                throw e;
            }
            handlers.execute(() -> onExit.accept(child ? reap(pid) : recorded(pid, startTime)));
            return;
        }
        byPidfd.put(pidfd, new Watch(pid, startTime, child, onExit));
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
                        handlers.execute(() -> watch.onExit.accept(watch.child ? reap(watch.pid)
                                : recorded(watch.pid, watch.startTime)));
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

    /** An adopted process has exited: the supervisor writes its record before it reaps it, so it comes soon. */
    private Optional<WaitStatus> recorded(int pid, long startTime) {
        return records == null ? Optional.empty()
                : records.await(pid, startTime, RECORD_WAIT).map(ExitRecord::status);
    }

    /** The exit the supervisor recorded of a process that ended while the agent was down, if any. */
    public Optional<WaitStatus> recordedExit(int pid, long startTime) {
        return records == null ? Optional.empty() : records.find(pid, startTime).map(ExitRecord::status);
    }

    /** Forgets a record once its exit is in the container's state. */
    public void discardRecord(int pid, long startTime) {
        if (records != null) {
            try {
                records.delete(pid, startTime);
            } catch (RuntimeException e) {
                log.warn("{}", e.getMessage());
            }
        }
    }

    /** Deletes the records of every process but those named {@code <pid>-<start time>} in {@code keep}. */
    public void pruneRecords(java.util.Set<String> keep) {
        if (records != null) {
            int pruned = records.prune(keep);
            if (pruned > 0) {
                log.info("discarded {} exit records of processes that were not containers", pruned);
            }
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

    private record Watch(int pid, long startTime, boolean child, Consumer<Optional<WaitStatus>> onExit) {}
}
