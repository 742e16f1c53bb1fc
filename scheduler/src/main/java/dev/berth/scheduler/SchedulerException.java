package dev.berth.scheduler;

import org.jspecify.annotations.Nullable;

/**
 * The root of the scheduler's errors: a {@link Problem}, a message a user can act on and, when one field of the
 * request is to blame, its name (a JSON path such as {@code services.web.resources.memory.limit}).
 */
public class SchedulerException extends RuntimeException {
    private final Problem problem;
    private final @Nullable String field;

    public SchedulerException(Problem problem, @Nullable String field, String message) {
        super(message);
        this.problem = problem;
        this.field = field;
    }

    public SchedulerException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
        this.field = null;
    }

    public Problem problem() {
        return problem;
    }

    public @Nullable String field() {
        return field;
    }

    public static SchedulerException notFound(String field, String message) {
        return new SchedulerException(Problem.NOT_FOUND, field, message);
    }

    public static SchedulerException invalid(String field, String message) {
        return new SchedulerException(Problem.INVALID_REQUEST, field, message);
    }
}
