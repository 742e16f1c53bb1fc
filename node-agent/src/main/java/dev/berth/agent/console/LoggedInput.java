package dev.berth.agent.console;

import dev.berth.agent.launch.WindowSize;
import dev.berth.agent.linux.Syscalls;

/**
 * Input that is also appended to the container's {@code stdin.log} ({@code --log-stdin}) before it goes to the
 * process, so the log shows what was typed, in order with the output it caused.
 */
public final class LoggedInput implements ConsoleInput {
    private final ConsoleInput target;
    private final Syscalls sys;
    private final int log;

    /** @param log an O_APPEND descriptor of the stdin log, which this now owns */
    public LoggedInput(ConsoleInput target, Syscalls sys, int log) {
        this.target = target;
        this.sys = sys;
        this.log = log;
    }

    ConsoleInput target() {
        return target;
    }

    @Override
    public synchronized void write(byte[] data) {
        sys.writeFully(log, data);
        target.write(data);
    }

    @Override
    public void endOfInput() {
        target.endOfInput();
    }

    @Override
    public void resize(WindowSize size) {
        target.resize(size);
    }

    @Override
    public synchronized void close() {
        target.close();
        sys.close(log);
    }
}
