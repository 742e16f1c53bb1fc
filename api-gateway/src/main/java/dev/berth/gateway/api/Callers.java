package dev.berth.gateway.api;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import dev.berth.gateway.auth.Caller;
import dev.berth.gateway.tenant.TenantName;
import dev.berth.gateway.tenant.TenantStore;
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
     * Checks that {@code tenant} exists and that the caller may see it; another tenant is unknown (404), never
     * forbidden, so that names do not leak. Blocking.
     */
    static void reachable(Caller caller, TenantName tenant, TenantStore tenants) {
        if (!caller.reaches(tenant) || tenants.find(tenant).isEmpty()) {
            throw new GatewayException(Problem.NOT_FOUND, "no tenant " + tenant);
        }
    }
}
