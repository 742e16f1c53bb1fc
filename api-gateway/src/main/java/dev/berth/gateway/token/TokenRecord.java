package dev.berth.gateway.token;

import dev.berth.gateway.tenant.PrincipalKind;
import dev.berth.gateway.tenant.TenantName;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A stored token, without its secret: who holds it, what it may do, and until when. */
public record TokenRecord(TokenId id, TenantName tenant, String principal, PrincipalKind kind, Set<Scope> scopes,
                          @Nullable String description, Instant created, @Nullable Instant expires,
                          @Nullable Instant revoked, @Nullable Instant lastUsed) {

    /** Whether the token is still good at {@code now}: neither revoked nor expired. */
    public boolean validAt(Instant now) {
        return revoked == null && (expires == null || now.isBefore(expires));
    }
}
