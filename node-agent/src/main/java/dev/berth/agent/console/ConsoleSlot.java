package dev.berth.agent.console;

import dev.berth.agent.launch.WindowSize;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * How clients reach the input of a process across its runs. Input sent before the process starts waits for it (a
 * client attaches, then starts the container); a size set before then becomes the terminal's size at birth. Not
 * persisted: an agent that restarts has lost the descriptors.
 */
public final class ConsoleSlot {
    private volatile WindowSize size = WindowSize.DEFAULT;
    private CompletableFuture<ConsoleInput> current = new CompletableFuture<>();
    private @Nullable ConsoleInput open;

    /** Completes with the input of the current run, once it runs. */
    public synchronized CompletableFuture<ConsoleInput> input() {
        return current;
    }

    /** The size a terminal born now gets. */
    public WindowSize size() {
        return size;
    }

    /** A run has started with this input. */
    public synchronized void opened(ConsoleInput input) {
        open = input;
        current.complete(input);
    }

    /** The run is over: its input is closed, and later input waits for the next run. */
    public synchronized void closed() {
        if (open != null) {
            open.close();
            open = null;
            current = new CompletableFuture<>();
        }
    }

    /** The terminal of the running process, if there is one, so the caller can wait for its output to drain. */
    public synchronized @Nullable Terminal terminal() {
        ConsoleInput input = open;
        while (input instanceof LoggedInput logged) {
            input = logged.target();
        }
        return input instanceof Terminal terminal ? terminal : null;
    }

    public void resize(WindowSize newSize) {
        ConsoleInput input;
        synchronized (this) {
            size = newSize;
            input = open;
        }
        if (input != null) {
            input.resize(newSize);
        }
    }
}
