package dev.berth.gateway.api;

import dev.berth.gateway.quota.Demand;
import dev.berth.gateway.quota.Quantities;
import dev.berth.gateway.quota.Quota;
import dev.berth.gateway.quota.QuotaStore;
import dev.berth.gateway.route.UpstreamUsage;
import dev.berth.gateway.tenant.TenantName;
import dev.berth.gateway.tenant.TenantStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A tenant's quota: set by a platform admin, read by the tenant itself (any token of it) with what it uses now.
 * Another tenant's is unknown (404).
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/quota")
@Tag(name = "quotas", description = "Limits per tenant on cpu, memory, containers and image storage")
class QuotaController {
    private final QuotaStore quotas;
    private final TenantStore tenants;
    private final UpstreamUsage usage;

    QuotaController(QuotaStore quotas, TenantStore tenants, UpstreamUsage usage) {
        this.quotas = quotas;
        this.tenants = tenants;
        this.usage = usage;
    }

    /** The limits as they were set, exactly; an absent one is unlimited. */
    record Limits(@Nullable String cpu, @Nullable String memory, @Nullable Long containers,
                  @Nullable String imageStorage) {
        static Limits of(Quota quota) {
            return new Limits(quota.cpuMilli() == null ? null : Quantities.cpu(quota.cpuMilli()),
                    quota.memoryBytes() == null ? null : Quantities.bytes(quota.memoryBytes()),
                    quota.containers(),
                    quota.imageStorageBytes() == null ? null : Quantities.bytes(quota.imageStorageBytes()));
        }
    }

    /** What the tenant uses: requests times replicas over its apps, and its images' bytes. */
    record Usage(String cpu, String memory, long containers, String imageStorage) {
        static Usage of(Demand apps, long imageBytes) {
            return new Usage(Quantities.cpu(apps.cpuMilli()), Quantities.bytes(apps.memoryBytes()), apps.containers(),
                    Quantities.bytes(imageBytes));
        }
    }

    record QuotaView(String tenant, Limits limits, @Nullable Usage usage) {}

    @PutMapping
    @Operation(summary = "Set a tenant's quota", description = "Replaces it: {\"cpu\":\"4\",\"memory\":\"8Gi\","
            + "\"containers\":20,\"imageStorage\":\"10Gi\"}; a field left out is unlimited, {} removes every limit.")
    Mono<QuotaView> put(@PathVariable String tenant, @RequestBody String body, ServerWebExchange exchange) {
        TenantName name = TenantName.of(tenant);
        exchange.getAttributes().put(AuditFilter.TARGET, name);
        Quota quota = Quota.parse(body);
        return Blocking.io(() -> {
            Callers.reachable(Callers.of(exchange), name, tenants);
            quotas.put(name, quota);
            return new QuotaView(name.value(), Limits.of(quota), null);
        });
    }

    @GetMapping
    @Operation(summary = "A tenant's quota and use", description = "The limits, and what the tenant uses now as the"
            + " scheduler and the registry count it.")
    Mono<QuotaView> get(@PathVariable String tenant, ServerWebExchange exchange) {
        TenantName name = TenantName.of(tenant);
        return Blocking.io(() -> {
            Callers.reachable(Callers.of(exchange), name, tenants);
            return quotas.of(name);
        }).flatMap(quota -> Mono.zip(usage.apps(name), usage.imageBytes(name))
                .map(used -> new QuotaView(name.value(), Limits.of(quota),
                        Usage.of(used.getT1().demand(), used.getT2()))));
    }
}
