package dev.berth.internalauth;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/**
 * The internal token: a secret shared by the services of one installation (the scheduler, the registry, log-service,
 * the node agent) and their callers (the gateway, the agent, a root user's CLI). {@code deploy/up.sh} keeps it in
 * {@code /etc/berth/internal-token}, mode 600: 32 random bytes in unpadded base64url.
 *
 * <p>Callers present it in {@value #HEADER}; {@code Authorization: Bearer} is also accepted, for curl and registry
 * clients. A presented value is compared by its SHA-256 in constant time, so that neither its length nor how much of
 * it is right shows in the time of the answer.
 */
public final class InternalToken {
    /** The header callers send the token in. */
    public static final String HEADER = "X-Berth-Internal-Token";
    /** Where {@code deploy/up.sh} keeps it. */
    public static final Path DEFAULT_FILE = Path.of("/etc/berth/internal-token");
    /** 32 bytes of base64url are 43 characters; anything much shorter is guessable. */
    static final int MIN_LENGTH = 32;

    private final String value;
    private final byte[] digest;

    private InternalToken(String value) {
        this.value = value;
        this.digest = sha256(value);
    }

    /** A token as given; it must be at least {@value #MIN_LENGTH} visible ASCII characters, fit for a header. */
    public static InternalToken of(String value) {
        if (value.length() < MIN_LENGTH) {
            throw new InvalidInternalTokenException("an internal token must have at least " + MIN_LENGTH
                    + " characters, not " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new InvalidInternalTokenException("an internal token may hold visible ASCII characters only;"
                        + " character " + (i + 1) + " is not one");
            }
        }
        return new InternalToken(value);
    }

    /** Reads the token from {@code file}: its content, without the trailing newline. */
    public static InternalToken read(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidInternalTokenException("read(" + file + "): " + e, e);
        }
        try {
            return of(content.strip());
        } catch (InvalidInternalTokenException e) {
            throw new InvalidInternalTokenException(file + ": " + e.getMessage(), e);
        }
    }

    /** The token of {@code file} if this process may read it, else null: a caller that goes without. */
    public static @Nullable InternalToken readIfReadable(Path file) {
        if (!Files.isReadable(file)) {
            return null;
        }
        try {
            return read(file);
        } catch (InvalidInternalTokenException e) {
            return null;
        }
    }

    /** Whether {@code presented} is this token; constant time in both. */
    public boolean matches(@Nullable String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    /** The token, to send. */
    public String value() {
        return value;
    }

    /** {@code request} with the token in {@value #HEADER}, when there is one. */
    public static HttpRequest.Builder present(@Nullable InternalToken token, HttpRequest.Builder request) {
        return token == null ? request : request.header(HEADER, token.value);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The secret never shows in a message or a log. */
    @Override
    public String toString() {
        return "InternalToken[***]";
    }
}
