package dev.berth.gateway.api;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.audit.AuditEntry;
import dev.berth.gateway.audit.AuditLog;
import dev.berth.gateway.auth.Caller;
import dev.berth.gateway.route.RegistryPaths;
import dev.berth.gateway.tenant.TenantName;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Records every mutating call ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) of an authenticated caller in
 * the audit log, on every path, routed or not, with the status it was answered. It runs before authentication, so
 * that a call refused there for its scope or its rate is recorded too; one without valid credentials has no one to
 * record and is only counted ({@code berth.gateway.requests.rejected}). The entry is written when the answer's
 * status is committed, and queued: the request never waits for it.
 */
public final class AuditFilter implements WebFilter, Ordered {
    /** An exchange attribute by which a handler names the tenant a platform admin's call acts on. */
    public static final String TARGET = AuditFilter.class.getName() + ".target";
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Pattern TENANT_PATH = Pattern.compile("^/api/v1/tenants/([^/]+)(/.*)?$");

    private final AuditLog log;
    private final Clock clock;

    public AuditFilter(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!MUTATING.contains(exchange.getRequest().getMethod().name())) {
            return chain.filter(exchange);
        }
        AtomicBoolean recorded = new AtomicBoolean();
        exchange.getResponse().beforeCommit(() -> {
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            record(exchange, recorded, status == null ? 200 : status.value());
            return Mono.empty();
        });
        return chain.filter(exchange).doFinally(signal -> {
            if (signal == SignalType.CANCEL) {
                record(exchange, recorded, null);
            }
        });
    }

    private void record(ServerWebExchange exchange, AtomicBoolean recorded, @Nullable Integer status) {
        Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
        if (caller == null || !recorded.compareAndSet(false, true)) {
            return;
        }
        ServerHttpRequest request = exchange.getRequest();
        log.record(new AuditEntry(0, clock.instant(), caller.tenant(), caller.principal(), caller.token(),
                request.getMethod().name(), request.getPath().value(), target(exchange, caller), status));
    }

    /**
     * The tenant a call acts on. A tenant's own token acts on its tenant whatever it names: services and routes put
     * its tenant on every request, and a call naming another is refused as unknown. A platform admin acts on the
     * tenant its handler names, or its path names ({@code /api/v1/tenants/T/...}, {@code /v2/T/...}), else on its own.
     */
    static TenantName target(ServerWebExchange exchange, Caller caller) {
        if (!caller.isPlatformAdmin()) {
            return caller.tenant();
        }
        TenantName named = exchange.getAttribute(TARGET);
        if (named != null) {
            return named;
        }
        String path = exchange.getRequest().getPath().value();
        Matcher tenant = TENANT_PATH.matcher(path);
        if (tenant.matches()) {
            try {
                return new TenantName(tenant.group(1));
            } catch (GatewayException e) {
                return caller.tenant();
            }
        }
        if (RegistryPaths.of(path) instanceof RegistryPaths.Target.Repository repository) {
            return repository.namespace().orElse(caller.tenant());
        }
        return caller.tenant();
    }
}
