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

    /**
     * One client's way in, for as long as it is attached: to the run under way now, or, when none is, to the next one
     * (a client attaches, then starts the container).
     */
    public synchronized Attachment attach() {
        return new Attachment(current);
    }

    /**
     * One attached client's input. All of it goes to the one run the client attached to, also once that run is over
     * (where the closed input drops it), and never to a later run. Without this, an end of input that arrived just
     * after its run ended would wait for the next run and close that run's stdin, under the client that starts it.
     */
    public static final class Attachment {
        private final CompletableFuture<ConsoleInput> run;

        private Attachment(CompletableFuture<ConsoleInput> run) {
            this.run = run;
        }

        /** Completes with the input of the client's run, once it runs. */
        public CompletableFuture<ConsoleInput> input() {
            return run;
        }
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
