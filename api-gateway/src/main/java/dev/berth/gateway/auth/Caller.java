package dev.berth.gateway.auth;

import dev.berth.gateway.tenant.TenantName;
import dev.berth.gateway.token.Scope;
import dev.berth.gateway.token.TokenId;
import java.util.Set;

/** Who sent a request, once authenticated: the token, its tenant and principal, and what it may do. */
public record Caller(TokenId token, TenantName tenant, String principal, Set<Scope> scopes) {
    /** The exchange attribute that carries the caller past authentication. */
    public static final String ATTRIBUTE = Caller.class.getName();

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    /** An admin of the platform tenant: manages every tenant, and reaches every registry namespace. */
    public boolean isPlatformAdmin() {
        return tenant.isPlatform() && has(Scope.ADMIN);
    }

    /** Whether the caller may see {@code other}'s things: its own tenant, or any for a platform admin. */
    public boolean reaches(TenantName other) {
        return tenant.equals(other) || isPlatformAdmin();
    }
}
