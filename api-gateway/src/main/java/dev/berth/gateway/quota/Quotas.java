package dev.berth.gateway.quota;

import dev.berth.gateway.tenant.TenantName;

/** Where a tenant's quota is read from; blocking. */
public interface Quotas {
    /** The tenant's quota; {@link Quota#UNLIMITED} when it has none. */
    Quota of(TenantName tenant);
}
