package dev.berth.logs;

/** Every kind of error the service answers, registered once with its HTTP status and its problem title. */
public enum Problem {
    INVALID_QUERY(400, "Invalid query"),
    INVALID_BATCH(400, "Invalid log batch"),
    UNKNOWN_TARGET(404, "No such container or app"),
    SOURCE_CONFLICT(409, "Container belongs to another tenant or app"),
    TOO_LARGE(413, "Too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    TOO_MANY_REQUESTS(429, "Too many requests"),
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
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
