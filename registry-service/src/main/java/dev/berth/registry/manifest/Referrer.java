package dev.berth.registry.manifest;

import dev.berth.registry.oci.Digest;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A manifest whose subject is another: a descriptor of it, as the referrers index lists it. */
public record Referrer(String mediaType, Digest digest, long size, @Nullable String artifactType,
                       Map<String, String> annotations) {}
