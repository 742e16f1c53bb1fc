package dev.berth.scheduler.api;

import dev.berth.scheduler.desired.AppStore;
import org.jspecify.annotations.Nullable;

/**
 * The tenant of a request. Until the gateway authenticates tenants, a caller names its tenant (the {@code tenant}
 * query parameter or the {@code X-Berth-Tenant} header); every app query is filtered by it, so another tenant's app
 * answers 404 like one that does not exist.
 */
final class Tenancy {
    static final String HEADER = "X-Berth-Tenant";

    private Tenancy() {}

    static String of(@Nullable String parameter, @Nullable String header) {
        String tenant = parameter != null ? parameter : header;
        AppStore.checkTenant(tenant);
        return tenant;
    }
}
