package dev.berth.gateway.api;

import dev.berth.gateway.auth.Caller;
import dev.berth.gateway.token.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/** Who the token presented is: what {@code berth login} checks. */
@RestController
@Tag(name = "whoami")
class WhoamiController {

    record Whoami(String tenant, String principal, String token, List<String> scopes, boolean platformAdmin) {}

    @GetMapping("/api/v1/whoami")
    @Operation(summary = "The caller", description = "The tenant, principal and scopes of the token presented.")
    Whoami whoami(ServerWebExchange exchange) {
        Caller caller = Callers.of(exchange);
        return new Whoami(caller.tenant().value(), caller.principal(), caller.token().value(),
                caller.scopes().stream().sorted().map(Scope::wire).toList(), caller.isPlatformAdmin());
    }
}
