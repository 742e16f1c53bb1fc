package dev.berth.cli.cluster;

import dev.berth.cli.CliException;
import dev.berth.cli.http.Problem;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The scheduler answered with problem details. The message is one line: the problem's title, then every fault of the
 * request ({@code invalid spec: replicas: must be 0 or more, not -1; image: is required}), or the detail.
 */
public final class SchedulerError extends CliException {

    private final int status;

    public SchedulerError(int status, Problem problem) {
        super(message(status, problem));
        this.status = status;
    }

    public int status() {
        return status;
    }

    static String message(int status, Problem problem) {
        String title = problem.title() == null || problem.title().isBlank()
                ? "error " + status
                : problem.title().toLowerCase(Locale.ROOT);
        if (problem.errors() != null && !problem.errors().isEmpty()) {
            return title + ": " + problem.errors().stream()
                    .map(e -> e.field() == null ? String.valueOf(e.message()) : e.field() + ": " + e.message())
                    .collect(Collectors.joining("; "));
        }
        if (problem.detail() != null && !problem.detail().isBlank()) {
            return title + ": " + problem.detail();
        }
        return title;
    }
}
