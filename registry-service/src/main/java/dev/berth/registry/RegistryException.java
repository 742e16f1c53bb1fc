package dev.berth.registry;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The root of the registry's errors: an OCI error code, a message a user can act on, and optionally a detail object
 * (such as the digest that was unknown). The web edge translates it into {@code {"errors":[...]}} once.
 */
public class RegistryException extends RuntimeException {
    private final ErrorCode code;
    private final int status;
    private final @Nullable Map<String, ?> detail;

    public RegistryException(ErrorCode code, String message) {
        this(code, code.status(), message, null);
    }

    public RegistryException(ErrorCode code, String message, @Nullable Map<String, ?> detail) {
        this(code, code.status(), message, detail);
    }

    public RegistryException(ErrorCode code, int status, String message, @Nullable Map<String, ?> detail) {
        super(message);
        this.code = code;
        this.status = status;
        this.detail = detail;
    }

    public RegistryException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.status = code.status();
        this.detail = null;
    }

    public ErrorCode code() {
        return code;
    }

    /** The HTTP status: the code's own unless the spec asks for another in this case. */
    public int status() {
        return status;
    }

    public @Nullable Map<String, ?> detail() {
        return detail;
    }
}
