package dev.berth.agent.distribution;

import dev.berth.agent.AgentException;
import org.jspecify.annotations.Nullable;

/**
 * A registry answered with an error, or its answer made no sense. {@code code} is the OCI error code it gave (such as
 * {@code MANIFEST_UNKNOWN}), or null when it gave none.
 */
public class RegistryException extends AgentException {
    private final int status;
    private final @Nullable String code;

    public RegistryException(int status, @Nullable String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.code = null;
    }

    /** The HTTP status the registry answered with, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    public @Nullable String code() {
        return code;
    }

    /** Whether the registry said it does not have what was asked for. */
    public boolean notFound() {
        return status == 404 || "MANIFEST_UNKNOWN".equals(code) || "NAME_UNKNOWN".equals(code)
                || "BLOB_UNKNOWN".equals(code);
    }
}
