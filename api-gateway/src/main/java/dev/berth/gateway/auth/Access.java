package dev.berth.gateway.auth;

import dev.berth.gateway.token.Scope;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The scope each request needs, from its method and path: reads need {@code read}, changes need {@code deploy},
 * tokens and the audit log need {@code admin}, and what acts on the whole platform (tenants and their quotas, nodes'
 * state, the agents' own API) needs an admin of the platform tenant. {@code /api/v1/whoami} and reading one's own
 * tenant's quota need only a valid token.
 */
public final class Access {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern QUOTA = Pattern.compile("^/api/v1/tenants/[^/]+/quota/?$");

    private Access() {}

    /** What a request needs. */
    public record Requirement(Scope scope, boolean platform) {
        public static final Requirement ANY = new Requirement(Scope.READ, false);

        public boolean satisfiedBy(Caller caller) {
            if (platform && !caller.isPlatformAdmin()) {
                return false;
            }
            return this == ANY || caller.has(scope);
        }
    }

    public static Requirement required(String method, String path) {
        boolean read = READS.contains(method);
        if (path.equals("/api/v1/whoami")) {
            return Requirement.ANY;
        }
        if (read && QUOTA.matcher(path).matches()) {
            // Any token of a tenant reads its quota and use; the handler keeps other tenants unknown.
            return Requirement.ANY;
        }
        if (under(path, "/api/v1/tenants")) {
            return new Requirement(Scope.ADMIN, true);
        }
        if (under(path, "/api/v1/tokens") || under(path, "/api/v1/audit")) {
            return new Requirement(Scope.ADMIN, false);
        }
        if (under(path, "/api/v1/nodes")) {
            return read ? new Requirement(Scope.READ, false) : new Requirement(Scope.ADMIN, true);
        }
        if (under(path, "/v1")) {
            return new Requirement(Scope.ADMIN, true);
        }
        if (path.equals("/v2/token")) {
            return Requirement.ANY;
        }
        return new Requirement(read ? Scope.READ : Scope.DEPLOY, false);
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
