package dev.berth.agent.console;

import dev.berth.agent.launch.WindowSize;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;

/** The agent's write end of a process's stdin pipe ({@code -i} without {@code -t}). */
public final class StdinPipe implements ConsoleInput {
    private static final int EPIPE = 32;

    private final Syscalls sys;
    private final int fd;
    private boolean closed;

    public StdinPipe(Syscalls sys, int writeEnd) {
        this.sys = sys;
        this.fd = writeEnd;
    }

    @Override
    public synchronized void write(byte[] data) {
        if (closed) {
            return;
        }
        try {
            sys.writeFully(fd, data);
        } catch (SyscallException e) {
            // EPIPE: the process closed its stdin or exited; what it did not read is dropped, as a pipe would.
            if (e.errno() != EPIPE) {
                throw e;
            }
        }
    }

    @Override
    public synchronized void endOfInput() {
        close();
    }

    @Override
    public void resize(WindowSize size) {
        // Not a terminal.
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            sys.close(fd);
        }
    }
}
