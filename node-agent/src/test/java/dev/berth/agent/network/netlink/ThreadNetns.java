package dev.berth.agent.network.netlink;

import dev.berth.agent.linux.Namespace;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.Syscalls;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A fresh network namespace, unshared by a platform thread of its own that stays in it, the way a container's
 * launcher thread would. The namespace lives as long as that thread, its descriptor or a socket opened in it.
 */
final class ThreadNetns implements AutoCloseable {
    private final Syscalls sys;
    private final ExecutorService thread;
    private final int fd;

    private ThreadNetns(Syscalls sys) {
        this.sys = sys;
        this.thread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("test-netns").daemon().factory());
        this.fd = call(() -> {
            sys.unshare(Namespace.NET.flag());
            return sys.open("/proc/thread-self/ns/net", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
        });
    }

    static ThreadNetns create(Syscalls sys) {
        return new ThreadNetns(sys);
    }

    /** A descriptor of the namespace, for IFLA_NET_NS_FD. */
    int fd() {
        return fd;
    }

    /** The namespace as a path another process can enter, such as {@code nsenter --net=PATH}. */
    String path() {
        return "/proc/" + ProcessHandle.current().pid() + "/fd/" + fd;
    }

    /** Runs {@code task} on the thread inside the namespace. */
    <T> T call(Callable<T> task) {
        try {
            return thread.submit(task).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the namespace's thread is stuck", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        sys.close(fd);
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
