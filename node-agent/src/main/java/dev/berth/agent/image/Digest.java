package dev.berth.agent.image;

import java.util.regex.Pattern;

/** A content digest, {@code sha256:} and 64 lowercase hex digits. It validates itself when built. */
public record Digest(String algorithm, String hex) {
    private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");

    public Digest {
        if (!"sha256".equals(algorithm)) {
            throw new IllegalArgumentException("unsupported digest algorithm '" + algorithm + "': only sha256");
        }
        if (!SHA256_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid sha256 digest '" + hex + "': expected 64 lowercase hex digits");
        }
    }

    /** Parses {@code sha256:<64 hex>}. */
    public static Digest parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid digest '" + text + "': expected sha256:<64 hex digits>");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static Digest sha256(String hex) {
        return new Digest("sha256", hex);
    }

    /** The first 12 hex digits, as {@code docker images} shows an image id. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
