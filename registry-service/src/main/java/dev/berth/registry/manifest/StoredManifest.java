package dev.berth.registry.manifest;

import dev.berth.registry.oci.Digest;

/** A manifest as it is served: the bytes as pushed, under the media type they were pushed with. */
public record StoredManifest(Digest digest, String mediaType, byte[] content) {}
