package dev.berth.gateway.route;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import dev.berth.gateway.auth.Caller;
import dev.berth.gateway.route.RegistryPaths.Target;
import dev.berth.gateway.quota.Json;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.node.ObjectNode;
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
    private final NamespaceCatalog.Source catalog;

    RegistryScope(NamespaceCatalog.Source catalog) {
        this.catalog = catalog;
    }

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
            case Target.Catalog all -> catalog(exchange, namespace);
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

    /** The catalog cut to the caller's namespace, answered by the gateway; the registry's whole one never leaves. */
    private Mono<Void> catalog(ServerWebExchange exchange, String namespace) {
        String n = exchange.getRequest().getQueryParams().getFirst("n");
        int count;
        try {
            count = n == null ? NamespaceCatalog.MAX : Integer.parseInt(n);
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 0) {
            return Mono.error(new GatewayException(Problem.INVALID_REQUEST, "n must be a number of results, 0 or"
                    + " more, not '" + n + "'"));
        }
        int size = count;
        String last = exchange.getRequest().getQueryParams().getFirst("last");
        return NamespaceCatalog.page(catalog, namespace, size, last == null || last.isEmpty() ? null : last)
                .flatMap(page -> {
                    String link = NamespaceCatalog.nextLink(page, size);
                    if (link != null) {
                        exchange.getResponse().getHeaders().set(HttpHeaders.LINK, link);
                    }
                    ObjectNode body = Json.MAPPER.createObjectNode();
                    body.putArray("repositories").addAll(page.repositories().stream()
                            .map(body::textNode).toList());
                    return NamespaceSearch.json(exchange.getResponse(), body);
                });
    }
}
