package dev.berth.logs.client;

/** A body that does not follow the wire format, or a record past a limit; the message says which byte and why. */
public class WireFormatException extends RuntimeException {
    private final boolean tooLarge;

    public WireFormatException(String message, boolean tooLarge) {
        super(message);
        this.tooLarge = tooLarge;
    }

    /** Whether a limit was exceeded (answered 413), rather than the format broken (400). */
    public boolean tooLarge() {
        return tooLarge;
    }
}
