package dev.berth.cli.http;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem detail as the agent sends it with every error. A failed start adds {@code exitCode} (126 or
 * 127), which {@code berth run} exits with; the scheduler adds the {@code field} at fault and, for a spec, every
 * fault in {@code errors}.
 */
public record Problem(
        @Nullable String type,
        @Nullable String title,
        @Nullable Integer status,
        @Nullable String detail,
        @Nullable String instance,
        @Nullable Integer exitCode,
        @Nullable String field,
        @Nullable List<FieldError> errors) {

    /** One fault of a request: the JSON path of the field ({@code services.web.replicas}) and what is wrong. */
    public record FieldError(@Nullable String field, @Nullable String message) {}

    /** A problem for an error answer that carried no problem body. */
    public static Problem ofStatus(int status, @Nullable String text) {
        return new Problem(null, text, status, null, null, null, null, null);
    }

    /**
     * The problem as one line: the title, then every fault of the request ({@code invalid spec: replicas: must be 0
     * or more, not -1; image: is required}), or the detail.
     */
    public String line(int status) {
        String heading = title == null || title.isBlank() ? "error " + status : title.toLowerCase(Locale.ROOT);
        if (errors != null && !errors.isEmpty()) {
            return heading + ": " + errors.stream()
                    .map(e -> e.field() == null ? String.valueOf(e.message()) : e.field() + ": " + e.message())
                    .collect(Collectors.joining("; "));
        }
        if (detail != null && !detail.isBlank()) {
            return heading + ": " + detail;
        }
        return heading;
    }

    /** What the user reads: the detail, else the title, else the status. */
    public String message() {
        if (detail != null && !detail.isBlank()) {
            return detail;
        }
        if (title != null && !title.isBlank()) {
            return title;
        }
        return "HTTP status " + (status == null ? "unknown" : status);
    }
}
