package dev.berth.agent.stdio;

/** The standard streams a container's log holds, numbered as Docker's multiplexed stream numbers them. */
public enum LogStream {
    STDOUT(1), STDERR(2);

    private final int number;

    LogStream(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public String fileName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
