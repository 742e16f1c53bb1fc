package dev.berth.agent.console;

import dev.berth.agent.launch.WindowSize;

/** Where the bytes a client types go, for one run of a process: a pipe to its stdin, or the master of its pty. */
public interface ConsoleInput {

    /** Writes all of {@code data}; blocks while the process does not read (a full pipe or pty buffer). */
    void write(byte[] data);

    /** The client's end of input: a pipe is closed, so the process reads end of file. */
    void endOfInput();

    /** A terminal's new size; nothing for a pipe. */
    void resize(WindowSize size);

    /** Releases the agent's descriptors once the process has exited. */
    void close();
}
