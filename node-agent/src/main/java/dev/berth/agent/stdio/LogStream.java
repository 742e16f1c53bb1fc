package dev.berth.agent.stdio;

/**
 * The standard streams a container's log holds, numbered as Docker's multiplexed stream numbers them. stdin is logged
 * only when the container asked for it ({@code --log-stdin}); its files exist only then.
 */
public enum LogStream {
    STDOUT(1), STDERR(2), STDIN(0);

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
