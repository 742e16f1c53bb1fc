package dev.berth.cli.api;

/** What {@code wait} waits for. */
public enum WaitCondition {

    /** Returns at once for a container that is not running, else when it stops. */
    NOT_RUNNING("not-running"),
    /** Waits for the next exit even if the container has not started yet: ask before {@code start}. */
    NEXT_EXIT("next-exit"),
    /** Waits until the container has been removed, then gives its last exit: what {@code run --rm} waits for. */
    REMOVED("removed");

    private final String parameter;

    WaitCondition(String parameter) {
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
