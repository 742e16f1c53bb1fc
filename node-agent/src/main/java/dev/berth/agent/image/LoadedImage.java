package dev.berth.agent.image;

import java.util.List;

/**
 * An image {@link ImageStore#load} brought in.
 *
 * @param tags the names the archive gave it; empty for an image it did not name
 */
public record LoadedImage(Digest id, List<ImageRef> tags) {

    public LoadedImage {
        tags = List.copyOf(tags);
    }
}
