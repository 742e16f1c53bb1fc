package dev.berth.agent.container;

import java.util.Locale;

/** What {@code wait} waits for, as Docker names it. */
public enum WaitCondition {
    /** Returns at once for a container that has exited; otherwise waits for its exit. */
    NOT_RUNNING,
    /** Waits for the next exit, even of a container that is not running yet. */
    NEXT_EXIT,
    /** Waits until the container is removed (by {@code --rm}, or {@code rm}), then gives its last exit. */
    REMOVED;

    public static WaitCondition parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "", "not-running" -> NOT_RUNNING;
            case "next-exit" -> NEXT_EXIT;
            case "removed" -> REMOVED;
            default -> throw new InvalidSpecException("condition", "'" + text
                    + "' is not a wait condition; use not-running, next-exit or removed");
        };
    }
}
