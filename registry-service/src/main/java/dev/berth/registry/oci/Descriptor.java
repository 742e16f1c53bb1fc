package dev.berth.registry.oci;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A reference to content by digest, as manifests carry them: what it is, its digest and size, and for foreign layers
 * where else it lives.
 */
public record Descriptor(String mediaType, Digest digest, long size, @Nullable String artifactType,
                         Map<String, String> annotations, List<String> urls) {

    public Descriptor {
        annotations = Map.copyOf(annotations);
        urls = List.copyOf(urls);
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, Map.of(), List.of());
    }
}
