package dev.berth.gateway.route;

import dev.berth.gateway.auth.Caller;
import org.springframework.web.server.ServerWebExchange;

/** The caller that authentication put on an exchange. */
final class Callers {
    private Callers() {}

    static Caller required(ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
        if (caller == null) {
            // Routes are reached only past authentication; this would be a wiring mistake.
            throw new IllegalStateException("no authenticated caller on " + exchange.getRequest().getPath());
        }
        return caller;
    }
}
