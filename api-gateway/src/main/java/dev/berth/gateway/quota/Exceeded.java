package dev.berth.gateway.quota;

import dev.berth.gateway.tenant.TenantName;

/**
 * A quota a change would exceed: which one, its limit, what the tenant uses now, each written as the quota is
 * ({@code 4}, {@code 1500m}, {@code 8Gi}, {@code 20}), and what was asked: for apps, the use after the change; for
 * images, whose size is not known before they are pushed, the push.
 */
public record Exceeded(String quota, String limit, String used, String requested) {
    static final String IMAGE_STORAGE = "imageStorage";

    public String message(TenantName tenant) {
        String head = "the " + quota + " quota of tenant " + tenant + " is " + limit + "; it uses " + used;
        return quota.equals(IMAGE_STORAGE) ? head + ", so " + requested + " is refused until images are deleted"
                : head + ", and this would make it " + requested;
    }
}
