package dev.berth.agent.launch;

import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The start gate: a FIFO that a spawned child opens for reading as its first file action, which blocks it before exec
 * until the agent has placed it (cgroup, procfs) and opens the FIFO for writing. Both launch paths of the fast kind
 * and exec use it, from a thread other than the one blocked in posix_spawn.
 */
final class Gate {
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private Gate() {}

    /** Makes the FIFO; 0666, since the child may already have dropped to another user when it opens it. */
    static void create(Syscalls sys, String path) {
        sys.mknod(path, OpenFlags.S_IFIFO | 0666, 0);
        sys.chmod(path, 0666);
    }

    /**
     * The pid of the child of thread {@code parentTid}, or -1 if posix_spawn returned without one (it failed before
     * the child reached the gate).
     */
    static int awaitChild(Syscalls sys, int parentTid, BooleanSupplier spawnReturned) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        for (int spins = 0; ; spins++) {
            List<Integer> children = sys.childrenOf(parentTid);
            if (!children.isEmpty()) {
                return children.getFirst();
            }
            if (spawnReturned.getAsBoolean()) {
                return -1;
            }
            if (System.nanoTime() > deadline) {
                throw new LaunchException("the spawned process did not appear within 10 s");
            }
            pause(spins);
        }
    }

    /**
     * Opens the gate without blocking, {@code path} relative to {@code dirFd}: ENXIO means the child has not reached
     * it yet.
     */
    static void open(Syscalls sys, int dirFd, String path, BooleanSupplier spawnReturned) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        for (int spins = 0; ; spins++) {
            try {
                int fd = sys.openat(dirFd, path, OpenFlags.O_WRONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC, 0);
                sys.close(fd);
                return;
            } catch (SyscallException e) {
                if (e.errno() != Errno.ENXIO) {
                    throw e;
                }
            }
            if (spawnReturned.getAsBoolean() || System.nanoTime() > deadline) {
                throw new LaunchException("the spawned process never reached its start gate");
            }
            pause(spins);
        }
    }

    static void pause(int spins) {
        if (spins < 200) {
            Thread.onSpinWait();
        } else {
            LockSupport.parkNanos(20_000);
        }
    }

    /**
     * Waits for a launch thread to end, even if interrupted meanwhile (the interrupt is kept): the thread holds the
     * gate's descriptors and the child's fate, so the caller never leaves before it.
     */
    static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
