package dev.berth.gateway.route;

import dev.berth.internalauth.InternalToken;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * On every route, to every service: the internal token in {@value InternalToken#HEADER}, so that services which
 * require it ({@code berth.internal.token-file}) take the gateway's requests. Whatever the client put in that header
 * is dropped first, with or without a token configured: only the gateway speaks for itself.
 */
public final class InternalTokenRelay implements GlobalFilter, Ordered {
    private final @Nullable InternalToken token;

    /** @param token from {@code berth.gateway.internal-token-file}; null sends none */
    public InternalTokenRelay(@Nullable InternalToken token) {
        this.token = token;
    }

    /** The headers the services see, from those the client sent. */
    void apply(HttpHeaders headers) {
        headers.remove(InternalToken.HEADER);
        if (token != null) {
            headers.set(InternalToken.HEADER, token.value());
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange.mutate().request(request -> request.headers(this::apply)).build());
    }

    /** Early among the global filters: before the one that sends the request on. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
