package dev.berth.registry.oci;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A content digest. The spec's grammar allows any registered algorithm; this registry stores and verifies sha256
 * only, so anything else is refused here, at the edge, with {@code DIGEST_INVALID}.
 */
public record Digest(String hex) implements Comparable<Digest> {
    private static final Pattern GRAMMAR = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");
    /** The digest of no bytes at all, which clients push for empty layers. */
    public static final Digest EMPTY = new Digest("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    public Digest {
        if (!SHA256_HEX.matcher(hex).matches()) {
            throw new InvalidDigestException("sha256:" + hex, "expected 64 lowercase hex digits after sha256:");
        }
    }

    /** Parses {@code sha256:<64 hex>}. */
    public static Digest parse(String text) {
        if (!GRAMMAR.matcher(text).matches()) {
            throw new InvalidDigestException(text, "expected algorithm:encoded, such as sha256:<64 hex digits>");
        }
        int colon = text.indexOf(':');
        String algorithm = text.substring(0, colon);
        if (!algorithm.equals("sha256")) {
            throw new InvalidDigestException(text, "algorithm '" + algorithm + "' is not supported: only sha256");
        }
        return new Digest(text.substring(colon + 1));
    }

    /** Whether the text has the form of a digest (any algorithm), which tells a digest reference from a tag. */
    public static boolean looksLikeDigest(String text) {
        return text.indexOf(':') > 0;
    }

    /** A fresh sha256 {@link MessageDigest}, for content that streams by. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    public static Digest sha256Of(byte[] content) {
        return of(newSha256().digest(content));
    }

    /** The digest a finished sha256 {@link MessageDigest} produced. */
    public static Digest of(byte[] sha256) {
        return new Digest(HexFormat.of().formatHex(sha256));
    }

    public static boolean isSha256Hex(String text) {
        return SHA256_HEX.matcher(text).matches();
    }

    @Override
    public int compareTo(Digest other) {
        return hex.compareTo(other.hex);
    }

    @Override
    public String toString() {
        return "sha256:" + hex;
    }

    /** A digest that is not one: wrong grammar, or an algorithm this registry does not verify. */
    public static final class InvalidDigestException extends RegistryException {
        InvalidDigestException(String text, String why) {
            super(ErrorCode.DIGEST_INVALID, "invalid digest '" + text + "': " + why, Map.of("digest", text));
        }
    }
}
