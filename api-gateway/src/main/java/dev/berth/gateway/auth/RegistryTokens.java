package dev.berth.gateway.auth;

import dev.berth.gateway.token.TokenId;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The short-lived bearer tokens of the Docker token flow: {@code /v2/token} hands one out for an API token, and
 * {@code /v2/} accepts it. It is {@code berthreg.<api token id>.<expiry, epoch seconds>.<HMAC-SHA256>}: it names the
 * API token, so a revoked API token stops its registry tokens too. The key lives in memory only: after a restart
 * clients meet a 401 and fetch a new token, as the flow expects.
 */
public final class RegistryTokens {
    private static final String PREFIX = "berthreg.";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final Duration lifetime;

    public RegistryTokens(byte[] key, Duration lifetime) {
        this.key = key.clone();
        this.lifetime = lifetime;
    }

    public static RegistryTokens withRandomKey(Duration lifetime) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new RegistryTokens(key, lifetime);
    }

    public Duration lifetime() {
        return lifetime;
    }

    public String issue(TokenId apiToken, Instant now) {
        String body = apiToken.value() + "." + now.plus(lifetime).getEpochSecond();
        return PREFIX + body + "." + sign(body);
    }

    /** The API token a registry token stands for, when its signature holds and it has not expired. */
    public Optional<TokenId> verify(String text, Instant now) {
        if (!text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = text.substring(PREFIX.length());
        int lastDot = rest.lastIndexOf('.');
        if (lastDot < 0) {
            return Optional.empty();
        }
        String body = rest.substring(0, lastDot);
        byte[] signature = rest.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(sign(body).getBytes(StandardCharsets.US_ASCII), signature)) {
            return Optional.empty();
        }
        String[] parts = body.split("\\.");
        if (parts.length != 2 || !TokenId.isValid(parts[0])) {
            return Optional.empty();
        }
        long expires;
        try {
            expires = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return now.getEpochSecond() < expires ? Optional.of(new TokenId(parts[0])) : Optional.empty();
    }

    private String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return ENCODER.encodeToString(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
