package dev.berth.agent.launch;

/**
 * The container's command cannot be executed. Carries Docker's exit code: 127 when it is not found, 126 when it is
 * found but cannot be executed (permission, a directory, a bad format, an unknown user).
 */
public class EntrypointException extends LaunchException {
    private final int exitCode;

    public EntrypointException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
