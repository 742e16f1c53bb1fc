package dev.berth.registry.manifest;

import dev.berth.registry.oci.Descriptor;
import dev.berth.registry.oci.Digest;
import dev.berth.registry.oci.MediaTypes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A manifest as pushed: its exact bytes and digest, and what it references, read once by {@link ManifestParser}.
 * An image manifest has a config and layers (blobs); an index has child manifests.
 *
 * @param artifactType what the referrers API reports: the manifest's {@code artifactType}, else its config's type
 */
public record ParsedManifest(String mediaType, Digest digest, byte[] content, @Nullable Descriptor config,
                             List<Descriptor> layers, List<Descriptor> children, @Nullable Descriptor subject,
                             @Nullable String artifactType, Map<String, String> annotations) {

    public ParsedManifest {
        layers = List.copyOf(layers);
        children = List.copyOf(children);
        annotations = Map.copyOf(annotations);
    }

    public boolean isIndex() {
        return MediaTypes.INDEXES.contains(mediaType);
    }

    /** The blobs this manifest needs in its repository: the config and every layer that is not foreign. */
    public Set<Descriptor> requiredBlobs() {
        Set<Descriptor> blobs = new LinkedHashSet<>();
        if (config != null) {
            blobs.add(config);
        }
        for (Descriptor layer : layers) {
            if (!MediaTypes.isForeignLayer(layer.mediaType())) {
                blobs.add(layer);
            }
        }
        return blobs;
    }

    /** Config plus layers, as the image takes on disk once pulled (foreign layers included: they are pulled too). */
    public long imageSize() {
        long size = config == null ? 0 : config.size();
        for (Descriptor layer : layers) {
            size += layer.size();
        }
        return size;
    }

    public long size() {
        return content.length;
    }
}
