package dev.berth.agent.distribution;

import java.util.List;

/** The media types of the OCI image spec and of Docker's schema 2 that a pull meets and a push writes. */
final class MediaTypes {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";

    /** What a pull accepts, most wanted first: an index lets the node pick its own platform. */
    static final List<String> MANIFESTS = List.of(OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_MANIFEST);

    static final List<String> CONFIGS = List.of(OCI_CONFIG, DOCKER_CONFIG);

    /** Layer types the store can take: tars, plain or gzip (it recognises which by their first bytes). */
    static final List<String> LAYERS = List.of(OCI_LAYER, OCI_LAYER_GZIP, DOCKER_LAYER_GZIP, DOCKER_LAYER);

    static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
    }

    private MediaTypes() {}
}
