package dev.berth.logs.client;

/** A batch was not acknowledged; {@link #retryable} says whether sending it again later may succeed. */
public final class ShipException extends Exception {
    private final int status;

    public ShipException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /**
     * No answer, 429 or 5xx: the service is down, overloaded or its database is; 401: the internal token is missing or
     * not the service's, which is the installation's fault and mended there. Anything else is the batch's fault.
     */
    public boolean retryable() {
        return status == 0 || status == 401 || status == 429 || status >= 500;
    }
}
