package dev.berth.gateway.route;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import dev.berth.gateway.auth.Caller;
import dev.berth.gateway.route.RegistryPaths.Target;
import java.util.Optional;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The route filter in front of the registry: a tenant reaches only the repositories of its namespace
 * ({@code TENANT/...}), also as the source of a cross-repository mount. Any other repository is unknown to it (404,
 * {@code NAME_UNKNOWN}), exactly as one that does not exist. A platform admin reaches all of them.
 */
final class RegistryScope implements GatewayFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Caller caller = Callers.required(exchange);
        if (caller.isPlatformAdmin()) {
            return chain.filter(exchange);
        }
        String namespace = caller.tenant().value();
        Target target = RegistryPaths.of(exchange.getRequest().getPath().value());
        return switch (target) {
            case Target.Base base -> chain.filter(exchange);
            case Target.Catalog catalog -> Mono.error(new GatewayException(Problem.NOT_FOUND,
                    "the catalog is served to platform admins only; list a repository's tags instead"));
            case Target.Unknown unknown -> Mono.error(new GatewayException(Problem.NOT_FOUND,
                    "no such registry path"));
            case Target.Repository repository -> {
                Optional<Target.Repository> source = RegistryPaths.mountSource(
                        exchange.getRequest().getQueryParams().getFirst("from"));
                if (!repository.in(namespace) || source.filter(from -> !from.in(namespace)).isPresent()) {
                    String name = repository.in(namespace) ? source.orElseThrow().name() : repository.name();
                    yield Mono.error(new GatewayException(Problem.NOT_FOUND, "repository name not known to registry: "
                            + name));
                }
                yield chain.filter(exchange);
            }
        };
    }
}
