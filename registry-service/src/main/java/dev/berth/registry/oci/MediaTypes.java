package dev.berth.registry.oci;

import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The manifest media types this registry stores, and the layer types it does not expect to hold. */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /** Image manifests: a config and layers, all blobs. */
    public static final Set<String> IMAGE_MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
    /** Indexes: other manifests, by digest. */
    public static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);

    /** Layers that live elsewhere (their {@code urls}); a registry is not asked to hold them. */
    private static final Set<String> FOREIGN_LAYERS = Set.of(
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd");

    private MediaTypes() {}

    public static boolean isManifest(String mediaType) {
        return IMAGE_MANIFESTS.contains(mediaType) || INDEXES.contains(mediaType);
    }

    public static boolean isForeignLayer(String mediaType) {
        return FOREIGN_LAYERS.contains(mediaType);
    }

    /** The bare type of a Content-Type header: no parameters, lower case; null for none. */
    public static @Nullable String bare(@Nullable String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        return type.isEmpty() ? null : type;
    }
}
