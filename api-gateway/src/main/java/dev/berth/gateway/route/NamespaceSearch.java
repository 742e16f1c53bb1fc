package dev.berth.gateway.route;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import dev.berth.gateway.auth.Caller;
import dev.berth.gateway.quota.Json;
import dev.berth.gateway.tenant.TenantName;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The route filter in front of the registry's image search ({@code GET /api/v1/images/search?q=&n=}): a tenant finds
 * only the repositories of its namespace. The gateway asks the registry for the namespace ({@code q=TENANT/}, as
 * many as it answers) and keeps the names that start with {@code TENANT/} and contain the caller's {@code q}, so
 * another tenant's repositories never leave the gateway, even when their names contain the term. A platform admin's
 * search reaches the registry as sent.
 */
final class NamespaceSearch implements GatewayFilter {
    /** The registry's own default and cap for {@code n}. */
    static final int DEFAULT = 50;
    static final int MAX = UpstreamUsage.SEARCH_LIMIT;

    private final RegistryReads registry;

    NamespaceSearch(RegistryReads registry) {
        this.registry = registry;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Caller caller = Callers.required(exchange);
        if (caller.isPlatformAdmin()) {
            return chain.filter(exchange);
        }
        return Mono.defer(() -> {
            String q = exchange.getRequest().getQueryParams().getFirst("q");
            String term = q == null ? "" : q;
            int n = count(exchange.getRequest().getQueryParams().getFirst("n"));
            TenantName tenant = caller.tenant();
            return registry.search(tenant.value() + "/", MAX)
                    .flatMap(found -> json(exchange.getResponse(), within(found, tenant, term, n)));
        });
    }

    /** Of a registry search, the repositories under {@code TENANT/} whose name contains {@code q}, at most n. */
    static ObjectNode within(JsonNode search, TenantName tenant, String q, int n) {
        String namespace = tenant.value() + "/";
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("query", q);
        ArrayNode repositories = answer.putArray("repositories");
        for (JsonNode repository : search.path("repositories").values()) {
            String name = repository.path("name").asString("");
            if (repositories.size() < n && name.startsWith(namespace) && name.contains(q)) {
                repositories.add(repository);
            }
        }
        return answer;
    }

    static int count(@Nullable String n) {
        if (n == null || n.isEmpty()) {
            return DEFAULT;
        }
        try {
            int count = Integer.parseInt(n);
            if (count >= 1 && count <= MAX) {
                return count;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new GatewayException(Problem.INVALID_REQUEST, "n must be between 1 and " + MAX + ", not '" + n + "'");
    }

    static Mono<Void> json(ServerHttpResponse response, JsonNode body) {
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] bytes = Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
