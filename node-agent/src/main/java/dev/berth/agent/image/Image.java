package dev.berth.agent.image;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * An image on this node.
 *
 * @param id the digest of its OCI image config, as Docker names image ids
 * @param tags the names that point at it
 * @param config what containers of it run by default
 * @param layers diff ids (digests of the uncompressed layer tars), bottom layer first
 * @param layerDirs the unpacked layer directories in overlay lowerdir order: top layer first
 * @param size bytes of all its unpacked layers
 * @param created when it was made
 */
public record Image(Digest id, List<ImageRef> tags, ImageConfig config, List<Digest> layers, List<Path> layerDirs,
                    long size, Instant created) {

    public Image {
        tags = List.copyOf(tags);
        layers = List.copyOf(layers);
        layerDirs = List.copyOf(layerDirs);
    }
}
