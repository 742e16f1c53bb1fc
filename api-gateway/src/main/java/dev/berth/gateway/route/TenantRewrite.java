package dev.berth.gateway.route;

import dev.berth.gateway.tenant.TenantName;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets the caller's tenant on a request to a service. The services take the tenant from the {@code tenant} query
 * parameter (and the scheduler also from {@code X-Berth-Tenant}); whatever the client put there is dropped, every
 * spelling of it, and the authenticated tenant goes in its place.
 */
public final class TenantRewrite {
    public static final String HEADER = "X-Berth-Tenant";
    static final String PARAMETER = "tenant";

    private TenantRewrite() {}

    /** {@code uri} with every {@code tenant} parameter removed and {@code tenant=TENANT} appended. */
    public static URI withTenant(URI uri, TenantName tenant) {
        List<String> kept = new ArrayList<>();
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                if (!name.trim().equalsIgnoreCase(PARAMETER)) {
                    kept.add(pair);
                }
            }
        }
        // Tenant names are lower-case letters, digits and dashes: nothing to encode.
        kept.add(PARAMETER + "=" + tenant.value());
        return rebuild(uri, String.join("&", kept));
    }

    private static URI rebuild(URI uri, String rawQuery) {
        StringBuilder text = new StringBuilder();
        if (uri.getScheme() != null) {
            text.append(uri.getScheme()).append("://");
        }
        if (uri.getRawAuthority() != null) {
            text.append(uri.getRawAuthority());
        }
        text.append(uri.getRawPath() == null ? "" : uri.getRawPath()).append('?').append(rawQuery);
        if (uri.getRawFragment() != null) {
            text.append('#').append(uri.getRawFragment());
        }
        return URI.create(text.toString());
    }
}
