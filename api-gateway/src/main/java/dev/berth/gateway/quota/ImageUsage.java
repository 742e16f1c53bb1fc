package dev.berth.gateway.quota;

import dev.berth.gateway.tenant.TenantName;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The bytes of a tenant's images, from the registry's search ({@code GET /api/v1/images/search?q=TENANT/}): every
 * tagged manifest of the repositories under {@code TENANT/} counted once, by digest, at its size (config plus
 * layers; an index summed over its manifests). So a manifest under two tags or in two repositories counts once, but a
 * layer shared by two manifests counts in each; untagged manifests and blobs no manifest references do not count.
 */
public final class ImageUsage {
    private ImageUsage() {}

    public static long bytes(JsonNode search, TenantName tenant) {
        String namespace = tenant.value() + "/";
        Map<String, Long> manifests = new HashMap<>();
        // The search matches names that contain the term; only those that start with it are the tenant's.
        for (JsonNode repository : search.path("repositories").values()) {
            if (!repository.path("name").asString("").startsWith(namespace)) {
                continue;
            }
            for (JsonNode tag : repository.path("tags").values()) {
                manifests.put(tag.path("digest").asString(""), tag.path("size").asLong(0));
            }
        }
        return manifests.values().stream().mapToLong(Long::longValue).sum();
    }
}
