package dev.berth.gateway.route;

import java.net.URI;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.http.HttpHeaders;

/**
 * The routes from the public API to the services. Every request here has passed authentication and its scope
 * check; the caller's own {@code Authorization} is not passed on, since the services trust the gateway and not
 * the client's token.
 *
 * <pre>
 * /api/v1/apps/**, /api/v1/nodes/**  -> scheduler     (tenant set: ?tenant= and X-Berth-Tenant; app quotas)
 * /api/v1/events                     -> scheduler     (tenant set; a stream with follow or text/event-stream)
 * /api/v1/logs/**                    -> log-service   (tenant set: ?tenant=)
 * /v2/**                             -> registry      (only TENANT/... repositories, the catalog cut to them,
 *                                                      image storage quota;
 *                                                      /v2/token is the gateway's own)
 * /api/v1/images/search              -> registry      (tenants: only TENANT/... repositories, in the gateway)
 * /v1/**                             -> node agent    (platform admins only: the agent knows no tenants)
 * </pre>
 */
public final class GatewayRoutes {
    private GatewayRoutes() {}

    /** The service addresses the routes lead to. */
    public record Upstreams(URI scheduler, URI logs, URI registry, URI agent) {}

    /** @param usage the gateway's own reads of the services, whose registry reads serve the catalog and search */
    public static RouteLocator routes(RouteLocatorBuilder builder, Upstreams upstreams, QuotaGate quotas,
                                      UpstreamUsage usage) {
        TenantScope tenantScope = new TenantScope();
        RegistryReads registryReads = usage.registry();
        RegistryScope registryScope = new RegistryScope(registryReads);
        return builder.routes()
                .route("scheduler", route -> route
                        .path("/api/v1/apps", "/api/v1/apps/**", "/api/v1/nodes", "/api/v1/nodes/**")
                        .filters(filters -> filters.removeRequestHeader(HttpHeaders.AUTHORIZATION)
                                .filter(tenantScope).filter(quotas.apps()))
                        .uri(upstreams.scheduler()))
                .route("events", route -> route
                        .path("/api/v1/events")
                        .filters(filters -> filters.removeRequestHeader(HttpHeaders.AUTHORIZATION)
                                .filter(tenantScope))
                        .uri(upstreams.scheduler()))
                .route("logs", route -> route
                        .path("/api/v1/logs", "/api/v1/logs/**")
                        .filters(filters -> filters.removeRequestHeader(HttpHeaders.AUTHORIZATION)
                                .filter(tenantScope))
                        .uri(upstreams.logs()))
                .route("registry", route -> route
                        .path("/v2", "/v2/**")
                        .filters(filters -> filters.removeRequestHeader(HttpHeaders.AUTHORIZATION)
                                .filter(registryScope).filter(quotas.images()))
                        .uri(upstreams.registry()))
                .route("image-search", route -> route
                        .path("/api/v1/images/search")
                        .filters(filters -> filters.removeRequestHeader(HttpHeaders.AUTHORIZATION)
                                .filter(new NamespaceSearch(registryReads)))
                        .uri(upstreams.registry()))
                .route("agent", route -> route
                        .path("/v1/**")
                        .filters(filters -> filters.removeRequestHeader(HttpHeaders.AUTHORIZATION))
                        .uri(upstreams.agent()))
                .build();
    }
}
