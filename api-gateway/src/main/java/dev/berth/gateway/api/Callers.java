package dev.berth.gateway.api;

import dev.berth.gateway.auth.Caller;
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
}
