package dev.berth.gateway.quota;

import dev.berth.gateway.tenant.TenantName;

/**
 * A quota a change would exceed: which one, its limit, what the tenant uses now and what it would use after the
 * change, each written as the quota is ({@code 4}, {@code 1500m}, {@code 8Gi}, {@code 20}).
 */
public record Exceeded(String quota, String limit, String used, String requested) {

    public String message(TenantName tenant) {
        return "the " + quota + " quota of tenant " + tenant + " is " + limit + "; it uses " + used
                + ", and this would make it " + requested;
    }
}
