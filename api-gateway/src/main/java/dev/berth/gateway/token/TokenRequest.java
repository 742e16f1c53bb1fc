package dev.berth.gateway.token;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import dev.berth.gateway.tenant.PrincipalKind;
import dev.berth.gateway.tenant.TenantName;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A token to issue, validated: for whom, with which scopes, until when. */
public record TokenRequest(TenantName tenant, String principal, PrincipalKind kind, Set<Scope> scopes,
                           @Nullable String description, @Nullable Instant expires) {
    private static final Pattern PRINCIPAL = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

    public TokenRequest {
        if (!PRINCIPAL.matcher(principal).matches()) {
            throw new GatewayException(Problem.INVALID_REQUEST, "invalid principal name '" + principal
                    + "': 1 to 64 lower-case letters, digits, '.', '_', '@' and '-'");
        }
        if (scopes.isEmpty()) {
            throw new GatewayException(Problem.INVALID_REQUEST, "a token needs at least one scope");
        }
        if (description != null && description.length() > 200) {
            throw new GatewayException(Problem.INVALID_REQUEST, "a description has at most 200 characters");
        }
        scopes = Set.copyOf(scopes);
    }

    /** The expiry {@code expiresIn} from {@code now} (an ISO-8601 duration such as P30D), else the default. */
    public static Instant expiry(@Nullable String expiresIn, Duration defaultTtl, Duration maxTtl, Instant now) {
        Duration ttl;
        try {
            ttl = expiresIn == null ? defaultTtl : Duration.parse(expiresIn);
        } catch (RuntimeException e) {
            throw new GatewayException(Problem.INVALID_REQUEST, "invalid expiresIn '" + expiresIn
                    + "': an ISO-8601 duration such as P30D or PT12H");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(maxTtl) > 0) {
            throw new GatewayException(Problem.INVALID_REQUEST, "expiresIn must be positive and at most " + maxTtl);
        }
        return now.plus(ttl);
    }
}
