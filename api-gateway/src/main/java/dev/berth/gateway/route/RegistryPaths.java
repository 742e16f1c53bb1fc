package dev.berth.gateway.route;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.tenant.TenantName;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository a {@code /v2/} request names. The OCI Distribution paths put it between {@code /v2/} and the last
 * {@code /manifests/}, {@code /blobs/} or {@code /tags/}; a tenant's repositories are those under {@code TENANT/}.
 */
public final class RegistryPaths {
    private static final Pattern REPOSITORY = Pattern.compile("^/v2/(.+?)/(?:manifests|blobs|tags)/.*$");

    private RegistryPaths() {}

    /** What a {@code /v2/} path addresses. */
    public sealed interface Target {
        /** {@code /v2/} itself: the version check. */
        record Base() implements Target {}

        /** {@code /v2/_catalog}: every repository. */
        record Catalog() implements Target {}

        record Repository(String name) implements Target {
            /** Whether the repository lies in {@code namespace}: {@code NAMESPACE/...}. */
            public boolean in(String namespace) {
                return name.startsWith(namespace + "/");
            }

            /** The tenant whose namespace holds it: its first path component, if that is a tenant's name. */
            public Optional<TenantName> namespace() {
                int slash = name.indexOf('/');
                if (slash < 0) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(new TenantName(name.substring(0, slash)));
                } catch (GatewayException e) {
                    // Not a tenant's name, so no tenant's namespace.
                    return Optional.empty();
                }
            }
        }

        record Unknown() implements Target {}
    }

    /** What the raw (still encoded) {@code path} addresses; dot segments and encoded slashes address nothing. */
    public static Target of(String path) {
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("/./") || lower.contains("/../") || lower.endsWith("/..") || lower.contains("%2f")
                || lower.contains("%2e")) {
            return new Target.Unknown();
        }
        if (path.equals("/v2") || path.equals("/v2/")) {
            return new Target.Base();
        }
        if (path.equals("/v2/_catalog")) {
            return new Target.Catalog();
        }
        Matcher matcher = REPOSITORY.matcher(path);
        return matcher.matches() ? new Target.Repository(matcher.group(1)) : new Target.Unknown();
    }

    /** The repository a cross-repository mount ({@code ?mount=...&from=NAME}) copies from, if the request has one. */
    public static Optional<Target.Repository> mountSource(@org.jspecify.annotations.Nullable String from) {
        return from == null || from.isEmpty() ? Optional.empty() : Optional.of(new Target.Repository(from));
    }
}
