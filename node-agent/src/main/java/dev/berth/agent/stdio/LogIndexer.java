package dev.berth.agent.stdio;

import dev.berth.agent.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the log files of running containers with inotify and records when their bytes arrive. One thread for the
 * whole node. It never reads the data: a container that writes 50 MB costs it one stat per batch of writes.
 *
 * <p>Events are batched: after a round the thread sleeps a millisecond, so a fast writer produces at most about a
 * thousand index records a second, and a follower sees new output within a couple of milliseconds.
 */
public final class LogIndexer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogIndexer.class);
    private static final int IN_MODIFY = 0x00000002;
    private static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Syscalls sys;
    private final int inotify;
    private final int epoll;
    private final Map<Integer, Target> byWatch = new ConcurrentHashMap<>();
    private final Map<String, Watched> byContainer = new ConcurrentHashMap<>();
    private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();
    private final List<Runnable> nodeListeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public LogIndexer(Syscalls sys) {
        this.sys = sys;
        this.inotify = sys.inotifyInit();
        this.epoll = sys.epollCreate();
        sys.epollAdd(epoll, inotify, 0x001 /* EPOLLIN */, 0);
        this.thread = Thread.ofPlatform().name("berth-log-indexer").daemon().start(this::run);
    }

    /** Starts indexing a container's logs; bytes already there but not indexed yet are recorded as arriving now. */
    public void watch(String containerId, LogFiles files) {
        byContainer.computeIfAbsent(containerId, id -> {
            Watched watched = new Watched(id);
            for (LogStream stream : LogStream.values()) {
                if (stream == LogStream.STDIN && !Files.exists(files.log(stream))) {
                    continue; // not logged
                }
                Target target = new Target(watched, stream, files);
                target.watch = sys.inotifyAddWatch(inotify, files.log(stream).toString(), IN_MODIFY);
                byWatch.put(target.watch, target);
                watched.targets[stream.ordinal()] = target;
            }
            return watched;
        });
        index(containerId);
    }

    /** Records the final sizes and stops watching; call once the container's processes are gone. */
    public void finish(String containerId) {
        Watched watched = byContainer.remove(containerId);
        if (watched == null) {
            return;
        }
        synchronized (watched) {
            for (Target target : watched.targets) {
                if (target == null) {
                    continue;
                }
                target.index(sys);
                byWatch.remove(target.watch);
                sys.inotifyRemoveWatch(inotify, target.watch);
                target.writer.close();
            }
        }
        notifyListeners(containerId);
    }

    /** Indexes whatever a container's logs hold now. */
    public void index(String containerId) {
        Watched watched = byContainer.get(containerId);
        if (watched != null) {
            boolean grew = false;
            synchronized (watched) {
                for (Target target : watched.targets) {
                    grew |= target != null && target.index(sys);
                }
            }
            if (grew) {
                notifyListeners(containerId);
            }
        }
    }

    /**
     * Calls {@code listener} after each change to a container's log or state, from an internal thread: it must only
     * schedule work. Returns what unsubscribes it.
     */
    public Runnable subscribe(String containerId, Runnable listener) {
        listeners.computeIfAbsent(containerId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> {
            List<Runnable> list = listeners.get(containerId);
            if (list != null) {
                list.remove(listener);
            }
        };
    }

    /** Like {@link #subscribe}, for every container of the node: the log shipper's wake-up. */
    public Runnable subscribeAll(Runnable listener) {
        nodeListeners.add(listener);
        return () -> nodeListeners.remove(listener);
    }

    /** Wakes the followers of a container, for a change of state they must notice (started, exited, removed). */
    public void notifyListeners(String containerId) {
        List<Runnable> list = listeners.get(containerId);
        if (list != null) {
            for (Runnable listener : list) {
                listener.run();
            }
        }
        for (Runnable listener : nodeListeners) {
            listener.run();
        }
    }

    private void run() {
        byte[] events = new byte[64 * 1024];
        long[] ready = new long[1];
        while (running) {
            try {
                if (sys.epollWait(epoll, ready, 1000) == 0) {
                    continue;
                }
                java.util.Set<String> touched = new java.util.HashSet<>();
                int n;
                while ((n = sys.read(inotify, events, events.length)) > 0) {
                    for (int offset = 0; offset + 16 <= n; ) {
                        int wd = int32(events, offset);
                        int nameLength = int32(events, offset + 12);
                        Target target = byWatch.get(wd);
                        if (target != null) {
                            touched.add(target.owner.containerId);
                        }
                        offset += 16 + nameLength;
                    }
                }
                for (String containerId : touched) {
                    index(containerId);
                }
                LockSupport.parkNanos(BATCH_NANOS);
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("log indexer: {}", e.toString());
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
            }
        }
    }

    private static int int32(byte[] b, int offset) {
        return (b[offset] & 0xff) | (b[offset + 1] & 0xff) << 8 | (b[offset + 2] & 0xff) << 16
                | (b[offset + 3] & 0xff) << 24;
    }

    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        for (String containerId : List.copyOf(byContainer.keySet())) {
            finish(containerId);
        }
        sys.close(epoll);
        sys.close(inotify);
    }

    private static final class Watched {
        final String containerId;
        final @Nullable Target[] targets = new Target[LogStream.values().length];

        Watched(String containerId) {
            this.containerId = containerId;
        }
    }

    private static final class Target {
        final Watched owner;
        final LogFiles files;
        final LogStream stream;
        final LogIndex.Writer writer;
        long lastEnd;
        int watch;

        Target(Watched owner, LogStream stream, LogFiles files) {
            this.owner = owner;
            this.stream = stream;
            this.files = files;
            this.lastEnd = LogIndex.lastEnd(files.index(stream));
            this.writer = new LogIndex.Writer(files.index(stream));
        }

        /** Appends a record if the log grew; true if it did. */
        boolean index(Syscalls sys) {
            long size;
            try {
                size = Files.size(files.log(stream));
            } catch (IOException e) {
                return false;
            }
            if (size <= lastEnd) {
                return false;
            }
            writer.append(nowNanos(), size);
            lastEnd = size;
            return true;
        }
    }
}
