package dev.berth.scheduler;

import java.util.Locale;

/** Every kind of error the scheduler answers, registered once with its HTTP status and its problem title. */
public enum Problem {
    INVALID_SPEC(400, "Invalid spec"),
    INVALID_REQUEST(400, "Invalid request"),
    NOT_FOUND(404, "Not found"),
    CONFLICT(409, "Conflict"),
    UNSCHEDULABLE(422, "Does not fit any node"),
    DATABASE_UNAVAILABLE(503, "Database unavailable"),
    INTERNAL(500, "Internal error");

    private final int status;
    private final String title;

    Problem(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The last part of the problem's {@code type} URI. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
