package dev.berth.gateway.api;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import dev.berth.gateway.auth.Caller;
import dev.berth.gateway.tenant.TenantName;
import dev.berth.gateway.tenant.TenantStore;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/** The caller that {@link AuthenticationFilter} put on an exchange. */
final class Callers {
    private Callers() {}

    static Caller of(ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller on " + exchange.getRequest().getPath());
        }
        return caller;
    }

    /**
     * The tenant a listing is of: {@code ?tenant=} when given, else the caller's own, or every tenant (null) for a
     * platform admin.
     */
    static @Nullable TenantName listed(Caller caller, @Nullable String tenant) {
        return tenant != null ? TenantName.of(tenant) : caller.isPlatformAdmin() ? null : caller.tenant();
    }

    /**
     * Checks that {@code tenant} exists and that the caller may see it; another tenant is unknown (404), never
     * forbidden, so that names do not leak. Null, every tenant, is what {@link #listed} gives platform admins only.
     * Blocking.
     */
    static void reachable(Caller caller, @Nullable TenantName tenant, TenantStore tenants) {
        if (tenant != null && (!caller.reaches(tenant) || tenants.find(tenant).isEmpty())) {
            throw new GatewayException(Problem.NOT_FOUND, "no tenant " + tenant);
        }
    }
}
