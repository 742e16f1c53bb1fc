package dev.berth.gateway.api;

import dev.berth.gateway.tenant.Tenant;
import dev.berth.gateway.tenant.TenantName;
import dev.berth.gateway.tenant.TenantStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Tenants, for admins of the platform tenant. */
@RestController
@RequestMapping("/api/v1/tenants")
@Tag(name = "tenants", description = "Tenants; a platform admin token is needed")
class TenantController {
    private final TenantStore tenants;

    TenantController(TenantStore tenants) {
        this.tenants = tenants;
    }

    record CreateTenant(@Nullable String name) {}

    record TenantView(String name, Instant created) {
        static TenantView of(Tenant tenant) {
            return new TenantView(tenant.name().value(), tenant.created());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a tenant", description = "The name is also the tenant's registry namespace.")
    Mono<TenantView> create(@RequestBody CreateTenant body, ServerWebExchange exchange) {
        TenantName name = TenantName.of(body.name());
        exchange.getAttributes().put(AuditFilter.TARGET, name);
        return Blocking.io(() -> TenantView.of(tenants.create(name)));
    }

    @GetMapping
    @Operation(summary = "List tenants", description = "In name order, a page at a time: ?after=NEXT for the next.")
    Mono<Page<TenantView>> list(@RequestParam(required = false) @Nullable String after,
                                @RequestParam(required = false) @Nullable Integer limit) {
        int pageSize = Page.limit(limit);
        return Blocking.io(() -> Page.of(tenants.list(after, pageSize + 1), pageSize, t -> t.name().value(),
                TenantView::of));
    }
}
