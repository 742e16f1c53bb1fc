package dev.berth.gateway;

import java.util.Locale;

/** Every kind of error the gateway answers, registered once with its HTTP status and its problem title. */
public enum Problem {
    INVALID_REQUEST(400, "Invalid request"),
    UNAUTHORIZED(401, "Unauthorized"),
    MISSING_SCOPE(403, "Missing scope"),
    QUOTA_EXCEEDED(403, "Quota exceeded"),
    NOT_FOUND(404, "Not found"),
    ALREADY_EXISTS(409, "Already exists"),
    TOO_LARGE(413, "Request body too large"),
    TOO_MANY_REQUESTS(429, "Too many requests"),
    UPSTREAM_UNAVAILABLE(502, "Service unavailable"),
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
