package dev.berth.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The secret a request presents in its {@code Authorization} header: {@code Bearer <token>}, or {@code Basic} with
 * the token as the password (the user name is ignored), which is how registry clients such as skopeo and docker log
 * in.
 */
public record Credentials(String secret, boolean basic) {

    public static Optional<Credentials> fromHeader(@Nullable String header) {
        if (header == null) {
            return Optional.empty();
        }
        int space = header.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = header.substring(0, space).toLowerCase(Locale.ROOT);
        String value = header.substring(space + 1).trim();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return switch (scheme) {
            case "bearer" -> Optional.of(new Credentials(value, false));
            case "basic" -> basic(value);
            default -> Optional.empty();
        };
    }

    private static Optional<Credentials> basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || colon == decoded.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(decoded.substring(colon + 1), true));
    }

    @Override
    public String toString() {
        return basic ? "Basic ***" : "Bearer ***";
    }
}
