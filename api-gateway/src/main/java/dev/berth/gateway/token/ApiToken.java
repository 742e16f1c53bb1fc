package dev.berth.gateway.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A token as the client holds it: {@code berth_<id>_<secret>}. The id finds the stored row; the secret is kept only
 * as its SHA-256, and compared in constant time. The secret is 32 random bytes in unpadded base64url (43
 * characters), so a token carries 256 bits the store never sees.
 */
public record ApiToken(TokenId id, String secret) {
    private static final String PREFIX = "berth_";
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** A new token with a fresh id and secret. */
    public static ApiToken generate(SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return new ApiToken(TokenId.random(random), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The token in {@code text}, or empty when it does not have a token's form. */
    public static Optional<ApiToken> parse(String text) {
        if (!text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int separator = text.indexOf('_', PREFIX.length());
        if (separator < 0) {
            return Optional.empty();
        }
        String id = text.substring(PREFIX.length(), separator);
        String secret = text.substring(separator + 1);
        if (!TokenId.isValid(id) || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        return Optional.of(new ApiToken(new TokenId(id), secret));
    }

    /** The SHA-256 of the secret: all that is stored of it. */
    public byte[] secretHash() {
        return sha256(secret);
    }

    /** Whether the secret hashes to {@code storedHash}, compared in time independent of where they differ. */
    public boolean matches(byte[] storedHash) {
        return MessageDigest.isEqual(secretHash(), storedHash);
    }

    /** The text a client sends. */
    public String text() {
        return PREFIX + id.value() + "_" + secret;
    }

    @Override
    public String toString() {
        return PREFIX + id.value() + "_***";
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
