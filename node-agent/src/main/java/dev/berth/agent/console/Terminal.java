package dev.berth.agent.console;

import dev.berth.agent.launch.WindowSize;
import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master of a process's pty, held by the agent, and the relay that copies everything the terminal shows into the
 * process's stdout log. Readers (attach, logs) follow that file, so a slow client never holds the relay up: the
 * process is blocked by nothing but the disk, and a client catches up from the file at its own pace.
 *
 * <p>One platform thread per terminal blocks in read(2) on the master; it ends when the kernel reports EIO, which
 * means the last descriptor of the slave has closed (the process and everything that inherited the terminal are
 * gone). Only then is the master closed: closing it under a blocked reader would not wake it.
 */
public final class Terminal implements ConsoleInput {
    private static final Logger log = LoggerFactory.getLogger(Terminal.class);
    private static final int BUFFER = 64 * 1024;

    private final Syscalls sys;
    private final int master;
    private final int output;
    private final CountDownLatch drained = new CountDownLatch(1);
    private volatile boolean inputClosed;

    private Terminal(Syscalls sys, int master, int output) {
        this.sys = sys;
        this.master = master;
        this.output = output;
    }

    /** Takes over {@code master} and starts copying what it reads to the end of {@code log}. */
    public static Terminal start(Syscalls sys, int master, Path log, String name) {
        int output;
        try {
            output = sys.open(log.toString(), OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CREAT
                    | OpenFlags.O_CLOEXEC, 0640);
        } catch (SyscallException e) {
            sys.close(master);
            throw e;
        }
        Terminal terminal = new Terminal(sys, master, output);
        Thread.ofPlatform().name("berth-tty-" + name).daemon().start(terminal::relay);
        return terminal;
    }

    private void relay() {
        byte[] buffer = new byte[BUFFER];
        try {
            while (true) {
                int n = sys.read(master, buffer, buffer.length);
                if (n <= 0) {
                    break;
                }
                sys.writeFully(output, n == buffer.length ? buffer : Arrays.copyOf(buffer, n));
            }
        } catch (SyscallException e) {
            if (e.errno() != Errno.EIO) {
                log.warn("terminal relay: {}", e.getMessage());
            }
        } finally {
            sys.close(output);
            drained.countDown();
        }
    }

    @Override
    public void write(byte[] data) {
        if (!inputClosed) {
            sys.writeFully(master, data);
        }
    }

    /** A terminal has no end of input of its own: the user types Ctrl-D, which the line discipline turns into one. */
    @Override
    public void endOfInput() {
    }

    @Override
    public void resize(WindowSize size) {
        if (!inputClosed) {
            sys.setWindowSize(master, size.rows(), size.columns());
        }
    }

    /**
     * Waits until the relay has copied everything the process wrote (its terminal closed), up to {@code millis}.
     * Returns whether it has.
     */
    public boolean awaitDrained(long millis) {
        try {
            return drained.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Closes the master once the relay has ended; a relay still held open by a straggler closes it itself later. */
    @Override
    public void close() {
        inputClosed = true;
        Thread.ofVirtual().name("berth-tty-close").start(() -> {
            try {
                drained.await();
            } catch (InterruptedException e) {
                return;
            }
            sys.close(master);
        });
    }
}
