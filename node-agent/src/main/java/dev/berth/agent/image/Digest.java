package dev.berth.agent.image;

import dev.berth.agent.linux.Sha256;
import java.security.MessageDigest;
import java.util.HexFormat;
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

    /** The sha256 of some bytes, such as an image config whose digest is the image id. */
    public static Digest sha256Of(byte[] content) {
        MessageDigest sha256 = newSha256();
        return of(sha256.digest(content));
    }

    /** A fresh sha256 {@link MessageDigest}, for content that streams by: libcrypto's where it can be loaded. */
    public static MessageDigest newSha256() {
        return Sha256.newDigest();
    }

    /** The digest a finished sha256 {@link MessageDigest} produced. */
    public static Digest of(byte[] sha256) {
        return sha256(HexFormat.of().formatHex(sha256));
    }

    /** Whether a string is 64 lowercase hex digits, the bare form of an id. */
    public static boolean isSha256Hex(String text) {
        return SHA256_HEX.matcher(text).matches();
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
