package dev.berth.gateway.token;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A token's public id: 16 lower-case hex digits. It names the token in listings and in revocation. */
public record TokenId(String value) {
    private static final Pattern VALID = Pattern.compile("[0-9a-f]{16}");

    public TokenId {
        if (!VALID.matcher(value).matches()) {
            throw new GatewayException(Problem.NOT_FOUND, "no token " + value);
        }
    }

    public static boolean isValid(String value) {
        return VALID.matcher(value).matches();
    }

    static TokenId random(SecureRandom random) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return new TokenId(HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
