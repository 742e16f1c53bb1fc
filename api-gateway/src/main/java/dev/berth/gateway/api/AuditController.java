package dev.berth.gateway.api;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import dev.berth.gateway.audit.AuditEntry;
import dev.berth.gateway.audit.AuditStore;
import dev.berth.gateway.auth.Caller;
import dev.berth.gateway.tenant.TenantName;
import dev.berth.gateway.tenant.TenantStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The audit log, for admins: a tenant's admin sees the calls on its tenant (its own tokens', and platform admins'
 * on it); a platform admin sees all, or one tenant's with {@code ?tenant=}. Another tenant is unknown (404).
 */
@RestController
@Tag(name = "audit", description = "Mutating calls: who, what, when, with what result; an admin token is needed")
class AuditController {
    private final AuditStore audit;
    private final TenantStore tenants;

    AuditController(AuditStore audit, TenantStore tenants) {
        this.audit = audit;
        this.tenants = tenants;
    }

    record AuditView(long id, Instant at, String tenant, String principal, String token, String method, String path,
                     String target, @Nullable Integer status) {
        static AuditView of(AuditEntry entry) {
            return new AuditView(entry.id(), entry.at(), entry.tenant().value(), entry.principal(),
                    entry.token().value(), entry.method(), entry.path(), entry.target().value(), entry.status());
        }
    }

    @GetMapping("/api/v1/audit")
    @Operation(summary = "The audit log", description = "Oldest first, a page at a time: ?after=NEXT for the next."
            + " status is absent when the client went away before the answer.")
    Mono<Page<AuditView>> list(@RequestParam(required = false) @Nullable String tenant,
                               @RequestParam(required = false) @Nullable String after,
                               @RequestParam(required = false) @Nullable Integer limit,
                               ServerWebExchange exchange) {
        Caller caller = Callers.of(exchange);
        int pageSize = Page.limit(limit);
        long from = cursor(after);
        TenantName scope = Callers.listed(caller, tenant);
        return Blocking.io(() -> {
            Callers.reachable(caller, scope, tenants);
            return Page.of(audit.list(scope, from, pageSize + 1), pageSize, e -> Long.toString(e.id()),
                    AuditView::of);
        });
    }

    private static long cursor(@Nullable String after) {
        if (after == null || after.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw new GatewayException(Problem.INVALID_REQUEST, "after must be the next of the page before, not '"
                    + after + "'");
        }
    }
}
