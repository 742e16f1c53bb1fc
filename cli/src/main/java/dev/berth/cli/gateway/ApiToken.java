package dev.berth.cli.gateway;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An API token as the gateway lists it.
 *
 * @param token the secret, {@code berth_<id>_<secret>}: only in the answer to the token's creation
 */
public record ApiToken(String id, String tenant, String principal, String kind, List<String> scopes,
                       @Nullable String description, @Nullable Instant created, @Nullable Instant expires,
                       @Nullable Instant revoked, @Nullable Instant lastUsed, @Nullable String token) {

    /** {@code revoked}, {@code expired} or {@code active} at {@code now}. */
    public String status(Instant now) {
        if (revoked != null) {
            return "revoked";
        }
        return expires != null && !now.isBefore(expires) ? "expired" : "active";
    }
}
