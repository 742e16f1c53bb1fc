package dev.berth.internalauth;

/** The internal token file cannot be read, or what it holds is no usable token. */
public final class InvalidInternalTokenException extends RuntimeException {
    InvalidInternalTokenException(String message) {
        super(message);
    }

    InvalidInternalTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
