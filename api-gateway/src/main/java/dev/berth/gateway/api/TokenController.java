package dev.berth.gateway.api;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import dev.berth.gateway.auth.Caller;
import dev.berth.gateway.auth.TokenCache;
import dev.berth.gateway.tenant.PrincipalKind;
import dev.berth.gateway.tenant.TenantName;
import dev.berth.gateway.tenant.TenantStore;
import dev.berth.gateway.token.IssuedToken;
import dev.berth.gateway.token.Scope;
import dev.berth.gateway.token.TokenId;
import dev.berth.gateway.token.TokenLifetimes;
import dev.berth.gateway.token.TokenRecord;
import dev.berth.gateway.token.TokenRequest;
import dev.berth.gateway.token.TokenStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * API tokens, for admins: of their own tenant, or of any for a platform admin. Another tenant's tokens, and the
 * tenant itself, are unknown to a tenant admin (404), never forbidden (403), so that names do not leak.
 */
@RestController
@RequestMapping("/api/v1/tokens")
@Tag(name = "tokens", description = "API tokens; an admin token is needed")
class TokenController {
    private final TokenStore tokens;
    private final TokenCache cache;
    private final TenantStore tenants;
    private final Clock clock;
    private final TokenLifetimes lifetimes;

    TokenController(TokenStore tokens, TokenCache cache, TenantStore tenants, Clock clock, TokenLifetimes lifetimes) {
        this.tokens = tokens;
        this.cache = cache;
        this.tenants = tenants;
        this.clock = clock;
        this.lifetimes = lifetimes;
    }

    /**
     * A token to create. {@code tenant} defaults to the caller's, {@code kind} to service-account, {@code expiresIn}
     * (ISO-8601, such as P30D) to the setting {@code berth.gateway.tokens.default-ttl}.
     */
    record CreateToken(@Nullable String tenant, @Nullable String principal, @Nullable String kind,
                       @Nullable List<String> scopes, @Nullable String description, @Nullable String expiresIn) {}

    /** A token as listed; {@code token}, the secret, only in the answer to its creation. */
    record TokenView(String id, String tenant, String principal, String kind, List<String> scopes,
                     @Nullable String description, Instant created, @Nullable Instant expires,
                     @Nullable Instant revoked, @Nullable Instant lastUsed, @Nullable String token) {
        static TokenView of(TokenRecord token, @Nullable String secret) {
            return new TokenView(token.id().value(), token.tenant().value(), token.principal(), token.kind().wire(),
                    token.scopes().stream().sorted().map(Scope::wire).toList(), token.description(),
                    token.created(), token.expires(), token.revoked(), token.lastUsed(), secret);
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a token", description = "The answer carries the secret (token) once; only its hash"
            + " is kept.")
    Mono<TokenView> create(@RequestBody CreateToken body, ServerWebExchange exchange) {
        Caller caller = Callers.of(exchange);
        TenantName tenant = body.tenant() == null ? caller.tenant() : TenantName.of(body.tenant());
        if (body.principal() == null || body.scopes() == null) {
            throw new GatewayException(Problem.INVALID_REQUEST, "a token needs a principal and scopes");
        }
        Instant expires = TokenRequest.expiry(body.expiresIn(), lifetimes.defaultTtl(), lifetimes.maxTtl(),
                clock.instant());
        TokenRequest request = new TokenRequest(tenant, body.principal(),
                body.kind() == null ? PrincipalKind.SERVICE_ACCOUNT : PrincipalKind.fromWire(body.kind()),
                Scope.fromWire(body.scopes()), body.description(), expires);
        exchange.getAttributes().put(AuditFilter.TARGET, tenant);
        return Blocking.io(() -> {
            Callers.reachable(caller, tenant, tenants);
            IssuedToken issued = tokens.issue(request);
            return TokenView.of(issued.record(), issued.token().text());
        });
    }

    @GetMapping
    @Operation(summary = "List tokens", description = "Of the caller's tenant, or of ?tenant= for a platform admin"
            + " (all tenants without it); in id order, a page at a time.")
    Mono<Page<TokenView>> list(@RequestParam(required = false) @Nullable String tenant,
                               @RequestParam(required = false) @Nullable String after,
                               @RequestParam(required = false) @Nullable Integer limit,
                               ServerWebExchange exchange) {
        Caller caller = Callers.of(exchange);
        int pageSize = Page.limit(limit);
        TenantName scope = Callers.listed(caller, tenant);
        return Blocking.io(() -> {
            Callers.reachable(caller, scope, tenants);
            return Page.of(tokens.list(scope, after, pageSize + 1), pageSize, t -> t.id().value(),
                    t -> TokenView.of(t, null));
        });
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke a token", description = "At once: the next request with it gets 401.")
    Mono<Void> revoke(@PathVariable String id, ServerWebExchange exchange) {
        Caller caller = Callers.of(exchange);
        TokenId token = new TokenId(id);
        return Blocking.io(() -> {
            TokenRecord found = tokens.find(token).map(TokenStore.Stored::token)
                    .filter(t -> caller.reaches(t.tenant()))
                    .orElseThrow(() -> new GatewayException(Problem.NOT_FOUND, "no token " + id));
            exchange.getAttributes().put(AuditFilter.TARGET, found.tenant());
            tokens.revoke(found.id());
            cache.forget(found.id());
            return true;
        }).then();
    }
}
