package dev.berth.gateway.tenant;

import java.time.Instant;

/** A tenant as stored. */
public record Tenant(TenantName name, Instant created) {}
