package dev.berth.gateway.route;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import dev.berth.gateway.quota.ImageUsage;
import dev.berth.gateway.quota.Json;
import dev.berth.gateway.quota.TenantApps;
import dev.berth.gateway.tenant.TenantName;
import dev.berth.internalauth.InternalToken;
import java.net.URI;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What a tenant uses, as the services behind the routes see it: its apps from the scheduler
 * ({@code GET /api/v1/apps}), its images' bytes from the registry's search. Read at each check, never cached, so a
 * check sees every change the services have made.
 */
public final class UpstreamUsage {
    /** The registry's search answers at most this many repositories. */
    static final int SEARCH_LIMIT = 200;

    private final WebClient scheduler;
    private final RegistryReads registry;

    /** @param token the internal token, sent with every read as on the routes; null sends none */
    public UpstreamUsage(URI scheduler, URI registry, @Nullable InternalToken token) {
        this.scheduler = client(scheduler, token);
        this.registry = new RegistryReads(client(registry, token));
    }

    /** The reads of the registry, with the same token: for the routes that cut its answers to a tenant's. */
    RegistryReads registry() {
        return registry;
    }

    /** The client of the scheduler, with the token: for the read cache's following of its change feed. */
    public WebClient scheduler() {
        return scheduler;
    }

    private static WebClient client(URI base, @Nullable InternalToken token) {
        WebClient.Builder builder = WebClient.builder().baseUrl(base.toString());
        if (token != null) {
            builder.defaultHeader(InternalToken.HEADER, token.value());
        }
        return builder.build();
    }

    public Mono<TenantApps> apps(TenantName tenant) {
        return scheduler.get()
                .uri(uri -> uri.path("/api/v1/apps").queryParam(TenantRewrite.PARAMETER, tenant.value()).build())
                .header(TenantRewrite.HEADER, tenant.value())
                .accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> json(response, "the scheduler's app list of " + tenant))
                .map(TenantApps::fromScheduler);
    }

    /** The scheduler's versions of a service of the tenant: {@code [{"version", "spec", …}]}. */
    public Mono<JsonNode> versions(TenantName tenant, String app, String service) {
        return scheduler.get()
                .uri(uri -> uri.path("/api/v1/apps/{app}/services/{service}/versions")
                        .queryParam(TenantRewrite.PARAMETER, tenant.value()).build(app, service))
                .header(TenantRewrite.HEADER, tenant.value())
                .accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> json(response, "the scheduler's versions of " + app + "/" + service));
    }

    public Mono<Long> imageBytes(TenantName tenant) {
        return registry.search(tenant.value() + "/", SEARCH_LIMIT).map(search -> ImageUsage.bytes(search, tenant));
    }

    static Mono<JsonNode> json(ClientResponse response, String what) {
        if (!response.statusCode().is2xxSuccessful()) {
            return response.releaseBody().then(Mono.error(new GatewayException(Problem.UPSTREAM_UNAVAILABLE,
                    what + " answered " + response.statusCode().value())));
        }
        Function<byte[], Mono<JsonNode>> parse = bytes -> {
            try {
                return Mono.just(Json.MAPPER.readTree(bytes));
            } catch (JacksonException e) {
                return Mono.error(new GatewayException(Problem.UPSTREAM_UNAVAILABLE, what + " is not JSON: "
                        + e.getOriginalMessage()));
            }
        };
        return response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).flatMap(parse);
    }
}
