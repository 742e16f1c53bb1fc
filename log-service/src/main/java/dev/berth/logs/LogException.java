package dev.berth.logs;

/** The root of the service's errors: a {@link Problem} and a message a user can act on; the web edge answers it. */
public class LogException extends RuntimeException {
    private final Problem problem;

    public LogException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public LogException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
