package dev.berth.gateway.audit;

import dev.berth.gateway.tenant.TenantName;
import dev.berth.gateway.token.TokenId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One mutating call.
 *
 * @param id its place in the log, once written (0 before)
 * @param tenant the caller's tenant
 * @param target the tenant the call acts on: the caller's own, except for a platform admin acting on another
 * @param status the status answered; null when the client went away first
 */
public record AuditEntry(long id, Instant at, TenantName tenant, String principal, TokenId token, String method,
                         String path, TenantName target, @Nullable Integer status) {}
