package dev.berth.gateway.route;

import dev.berth.gateway.metrics.GatewayMetrics;
import dev.berth.gateway.quota.AppChange;
import dev.berth.gateway.quota.Exceeded;
import dev.berth.gateway.quota.Quota;
import dev.berth.gateway.quota.QuotaCheck;
import dev.berth.gateway.quota.QuotaExceededException;
import dev.berth.gateway.quota.Quotas;
import dev.berth.gateway.quota.TenantApps;
import dev.berth.gateway.quota.TenantLocks;
import dev.berth.gateway.route.RegistryPaths.Target;
import dev.berth.gateway.tenant.TenantName;
import java.util.Optional;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The route filters that hold a tenant to its quota, before a request reaches its service. Apps: a create, a spec
 * change, a scale, a deploy or a rollback is measured against the tenant's apps as the scheduler has them, the
 * changed service replacing its old self, and refused (403, {@code quota-exceeded}) if the result is over a limit;
 * the scheduler then never sees it. Images: a manifest push or a blob upload into {@code TENANT/...} is refused (403,
 * {@code DENIED}) while the tenant's images already take its image storage quota. Only a tenant with a quota pays
 * for the reads.
 *
 * <p>The changes to a tenant's apps are checked one at a time per tenant within this gateway ({@link TenantLocks}),
 * each until the scheduler has answered it, so two of them cannot both pass against the same use; through two
 * gateway instances they can. A push is checked against the images already stored, so concurrent pushes may all
 * start below the limit and end above it.
 */
public final class QuotaGate {
    private final Quotas quotas;
    private final UpstreamUsage usage;
    private final GatewayMetrics metrics;
    private final TenantLocks locks;

    public QuotaGate(Quotas quotas, UpstreamUsage usage, GatewayMetrics metrics, TenantLocks locks) {
        this.quotas = quotas;
        this.usage = usage;
        this.metrics = metrics;
        this.locks = locks;
    }

    /** For the scheduler's route. */
    GatewayFilter apps() {
        return (exchange, chain) -> {
            ServerHttpRequest request = exchange.getRequest();
            String method = request.getMethod().name();
            String path = request.getPath().value();
            if (!AppChange.mayChange(method, path)) {
                return chain.filter(exchange);
            }
            TenantName tenant = Callers.required(exchange).tenant();
            return quota(tenant).flatMap(quota -> {
                if (!quota.limitsApps()) {
                    return chain.filter(exchange);
                }
                return body(request).flatMap(body -> {
                    AppChange change = AppChange.of(method, path, body).orElseThrow();
                    // From the read of the apps until the scheduler has answered: no other change of the tenant
                    // through this gateway is checked against the same use.
                    return Mono.using(() -> locks.lock(tenant), held -> usage.apps(tenant).flatMap(before ->
                            after(tenant, change, before).flatMap(after -> {
                                refuseIfOver(tenant, QuotaCheck.apps(quota, before.demand(), after.demand()));
                                return chain.filter(exchange.mutate().request(replay(request, body)).build());
                            })), TenantLocks.Held::close).subscribeOn(Schedulers.boundedElastic());
                });
            });
        };
    }

    /** For the registry's route. */
    GatewayFilter images() {
        return (exchange, chain) -> {
            ServerHttpRequest request = exchange.getRequest();
            Optional<Target.Repository> repository = pushInto(request.getMethod().name(), request.getPath().value());
            if (repository.isEmpty()) {
                return chain.filter(exchange);
            }
            TenantName tenant = repository.get().namespace().orElseThrow();
            return quota(tenant).flatMap(quota -> {
                if (quota.imageStorageBytes() == null) {
                    return chain.filter(exchange);
                }
                return usage.imageBytes(tenant).flatMap(used -> {
                    refuseIfOver(tenant, QuotaCheck.images(quota, used, "a push to " + repository.get().name()));
                    return chain.filter(exchange);
                });
            });
        };
    }

    /**
     * The repository a push goes into, when it is in a tenant's namespace: a manifest {@code PUT}, or the
     * {@code POST} that starts a blob upload (or mounts one). The chunks of an upload already started are let through.
     */
    static Optional<Target.Repository> pushInto(String method, String path) {
        boolean manifest = method.equals("PUT") && path.contains("/manifests/");
        boolean upload = method.equals("POST") && (path.endsWith("/blobs/uploads/") || path.endsWith("/blobs/uploads"));
        if (!manifest && !upload || !(RegistryPaths.of(path) instanceof Target.Repository repository)) {
            return Optional.empty();
        }
        return repository.namespace().isPresent() ? Optional.of(repository) : Optional.empty();
    }

    /** The apps after the change; a rollback's target spec is read from the scheduler's versions. */
    private Mono<TenantApps> after(TenantName tenant, AppChange change, TenantApps before) {
        if (change instanceof AppChange.Rollback rollback) {
            return rollback.target(before)
                    .map(to -> usage.versions(tenant, rollback.app(), to.getKey())
                            .map(versions -> rollback.apply(before, versions)))
                    .orElseGet(() -> Mono.just(before));
        }
        return Mono.just(change.apply(before));
    }

    private Mono<Quota> quota(TenantName tenant) {
        return Mono.fromCallable(() -> quotas.of(tenant)).subscribeOn(Schedulers.boundedElastic());
    }

    private void refuseIfOver(TenantName tenant, Optional<Exceeded> exceeded) {
        if (exceeded.isPresent()) {
            metrics.quotaExceeded(exceeded.get().quota());
            throw new QuotaExceededException(tenant, exceeded.get());
        }
    }

    /** The whole body; the gateway caps it (berth.gateway.max-request-body) before it gets here. */
    private static Mono<byte[]> body(ServerHttpRequest request) {
        return DataBufferUtils.join(request.getBody()).map(buffer -> {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            DataBufferUtils.release(buffer);
            return bytes;
        }).defaultIfEmpty(new byte[0]);
    }

    /** The request with the body that was read from it, to be sent on as it came. */
    private static ServerHttpRequest replay(ServerHttpRequest request, byte[] body) {
        return new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
            }
        };
    }
}
