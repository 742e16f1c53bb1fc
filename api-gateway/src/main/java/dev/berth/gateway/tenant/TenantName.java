package dev.berth.gateway.tenant;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's name: also its registry namespace ({@code NAME/...}), so it follows the OCI repository component rules,
 * kept to lower-case letters, digits and inner dashes.
 */
public record TenantName(String value) implements Comparable<TenantName> {
    private static final Pattern VALID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");
    /** The tenant of the platform's operators: its admins manage every tenant. */
    public static final TenantName PLATFORM = new TenantName("system");

    public TenantName {
        if (!VALID.matcher(value).matches()) {
            throw new GatewayException(Problem.INVALID_REQUEST, "invalid tenant name '" + value
                    + "': 1 to 40 lower-case letters, digits and inner dashes");
        }
    }

    public static TenantName of(@Nullable String value) {
        if (value == null) {
            throw new GatewayException(Problem.INVALID_REQUEST, "a tenant name is required");
        }
        return new TenantName(value);
    }

    public boolean isPlatform() {
        return equals(PLATFORM);
    }

    @Override
    public int compareTo(TenantName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
