package dev.berth.cli.signal;

import java.util.List;
import java.util.function.Consumer;

/** Takes over signals sent to the CLI for a while, so that they can go to a container instead. */
public interface SignalTrap {

    /**
     * Routes the named signals ({@code INT}, {@code TERM}) to {@code handler}, which gets the name, until the handle
     * is closed; then the previous handling comes back.
     */
    Handle trap(List<String> signals, Consumer<String> handler);

    /** An active trap. */
    interface Handle extends AutoCloseable {

        @Override
        void close();
    }

    /** For callers that must not touch the process's signals, such as tests running the CLI in-process. */
    static SignalTrap none() {
        return (signals, handler) -> () -> {
        };
    }
}
