package dev.berth.cli;

/**
 * The root of the CLI's failures. Its message is what the user reads after {@code berth: }, so it says what went
 * wrong in words a user can act on.
 */
public class CliException extends RuntimeException {

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
