package dev.berth.cli.gateway;

import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/tenants/{tenant}/quota}: a tenant's limits (an absent one is unlimited) and what it uses now, as
 * the scheduler and the registry count it (absent in the answer to a change).
 */
public record TenantQuota(String tenant, Limits limits, @Nullable Usage usage) {

    public record Limits(@Nullable String cpu, @Nullable String memory, @Nullable Long containers,
                         @Nullable String imageStorage) {}

    public record Usage(String cpu, String memory, long containers, String imageStorage) {}
}
