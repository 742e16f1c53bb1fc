package dev.berth.gateway.api;

import dev.berth.gateway.auth.Caller;
import dev.berth.gateway.auth.RegistryTokens;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The token endpoint of the Docker token flow: a registry client that met the 401 challenge on {@code /v2/} comes
 * here with Basic auth (any user name, the API token as password) and gets a short-lived bearer token for
 * {@code /v2/}. The {@code scope} it asks for is not narrowed: the API token's own scopes and tenant apply on every
 * request.
 */
@RestController
@Tag(name = "registry")
class RegistryTokenController {
    private final RegistryTokens registryTokens;
    private final Clock clock;

    RegistryTokenController(RegistryTokens registryTokens, Clock clock) {
        this.registryTokens = registryTokens;
        this.clock = clock;
    }

    record RegistryToken(String token, String access_token, long expires_in, Instant issued_at) {}

    @GetMapping("/v2/token")
    @Operation(summary = "A registry token", description = "Docker token flow: Basic auth with an API token as the"
            + " password.")
    RegistryToken token(ServerWebExchange exchange) {
        Caller caller = Callers.of(exchange);
        Instant now = clock.instant();
        String token = registryTokens.issue(caller.token(), now);
        return new RegistryToken(token, token, registryTokens.lifetime().toSeconds(), now);
    }
}
