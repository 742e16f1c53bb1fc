package dev.berth.agent.image;

import java.util.Set;

/**
 * The OCI image layout (image-spec {@code image-layout.md}), the format of {@code save} and {@code load}:
 *
 * <pre>{@code
 * oci-layout              {"imageLayoutVersion": "1.0.0"}
 * index.json              an image index: one manifest descriptor per saved name, annotated with the name
 * manifest.json           Docker's own index of the same images, so that docker load reads the archive too
 * blobs/sha256/<hex>      image configs, manifests and layer tars, each named by the sha256 of its bytes
 * }</pre>
 */
final class OciLayout {
    static final String LAYOUT_FILE = "oci-layout";
    static final String INDEX_FILE = "index.json";
    static final String DOCKER_MANIFEST_FILE = "manifest.json";
    static final String BLOBS = "blobs/sha256/";
    static final String LAYOUT_VERSION = "1.0.0";

    static final String INDEX = "application/vnd.oci.image.index.v1+json";
    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String LAYER = "application/vnd.oci.image.layer.v1.tar";
    static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";

    /** Layer types Berth unpacks: plain or gzip tars, OCI's and Docker's names for them. */
    static final Set<String> LAYERS = Set.of(LAYER, LAYER + "+gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            "application/vnd.docker.image.rootfs.diff.tar", "application/vnd.docker.image.rootfs.diff.tar.gzip",
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");

    /** The name of a manifest in the layout; skopeo's {@code oci-archive:x.tar:NAME} reads it. */
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** The full name, as containerd and Docker 25+ write it next to a tag-only {@code ref.name}. */
    static final String CONTAINERD_NAME = "io.containerd.image.name";

    private OciLayout() {}
}
