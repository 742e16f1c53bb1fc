package dev.berth.agent.image;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The images of this node, and the layer directories that back them. */
public interface ImageStore {

    /**
     * Makes a one-layer image from a rootfs tar (plain or gzip-compressed) and tags it. The layer is unpacked once, into
     * a directory named by its digest; importing the same tar again reuses it. A tar that is not a rootfs, or that has
     * an entry escaping the root, is refused with {@link InvalidLayerException} and leaves nothing behind.
     */
    Image importRootfs(InputStream tar, ImageRef ref);

    /** Finds an image by {@code name[:tag]}, by full id ({@code sha256:...}) or by a unique id prefix (12+ hex). */
    Optional<Image> find(String reference);

    List<Image> list();

    /**
     * Removes a tag, or an image by id. The image itself, and then any layer no other image uses, goes when its last
     * tag goes. Refused with {@link ImageInUseException} while {@code inUse} says a container uses the image.
     */
    void remove(String reference, boolean force, Predicate<Digest> inUse);
}
