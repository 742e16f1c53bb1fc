package dev.berth.gateway.route;

import dev.berth.gateway.auth.Caller;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The route filter that scopes a request to the caller's tenant before it reaches the scheduler or log-service:
 * the {@code tenant} parameter and the {@code X-Berth-Tenant} header carry the authenticated tenant and nothing the
 * client sent. A token of another tenant thus meets the service's own 404 for things it does not own.
 */
final class TenantScope implements GatewayFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Caller caller = Callers.required(exchange);
        ServerWebExchange scoped = exchange.mutate()
                .request(request -> request
                        .uri(TenantRewrite.withTenant(exchange.getRequest().getURI(), caller.tenant()))
                        .headers(headers -> headers.set(TenantRewrite.HEADER, caller.tenant().value())))
                .build();
        return chain.filter(scoped);
    }
}
