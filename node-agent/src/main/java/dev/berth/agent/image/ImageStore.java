package dev.berth.agent.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** The images of this node, and the layer directories that back them. */
public interface ImageStore {

    /**
     * Makes a one-layer image from a rootfs tar (plain or gzip-compressed) and tags it. The layer is unpacked once, into
     * a directory named by its digest; importing the same tar again reuses it. A tar that is not a rootfs, or that has
     * an entry escaping the root, is refused with {@link InvalidLayerException} and leaves nothing behind.
     *
     * <p>The stream is read to its end and not closed. Importing the same tar with the same config again gives the same
     * image (same id). A tag that pointed at
     * another image moves; that image stays, untagged, until it is removed by id or pruned.
     *
     * @param config what containers of the image run by default, such as
     *     {@code ImageConfig.defaults(null).withChanges(changes)}
     */
    Image importRootfs(InputStream tar, ImageRef ref, ImageConfig config);

    /** {@link #importRootfs(InputStream, ImageRef, ImageConfig)} with {@link ImageConfig#defaults}. */
    default Image importRootfs(InputStream tar, ImageRef ref) {
        return importRootfs(tar, ref, ImageConfig.defaults(null));
    }

    /**
     * Finds an image by {@code name[:tag]} (the tag defaults to {@code latest}), by full id ({@code sha256:<hex>} or
     * 64 bare hex digits) or by a unique id prefix of 12 or more hex digits.
     *
     * @throws AmbiguousImageReferenceException if an id prefix matches more than one image
     * @throws IllegalArgumentException if the reference is neither a valid name nor an id
     */
    Optional<Image> find(String reference);

    /** Every image, tagged or not, newest first. */
    List<Image> list();

    /**
     * Removes a tag, or an image by id, and says what it did, in the order of {@code docker rmi}.
     *
     * <ul>
     *   <li>By tag: the tag goes. If it was the image's last tag, the image goes too.
     *   <li>By id: the image goes with all its tags. If it has more than one tag, only with {@code force}
     *       ({@link ImageHasTagsException} without).
     * </ul>
     *
     * When the image goes, so does every layer directory and blob that no remaining image uses. An image is never
     * deleted while {@code inUse} says a container uses it ({@link ImageInUseException}, also with {@code force}):
     * the caller's predicate decides what counts as use. {@code inUse} is called with the store's write lock held,
     * so it must not call back into the store.
     *
     * @throws NoSuchImageException if nothing matches the reference
     */
    List<ImageRemoval> remove(String reference, boolean force, Predicate<Digest> inUse);

    /** Deletes every untagged image that {@code inUse} says no container uses, as {@code docker image prune}. */
    List<ImageRemoval> pruneUntagged(Predicate<Digest> inUse);

    /** Writes a layer tar, uncompressed; the store computes its diff id as the bytes go by. */
    @FunctionalInterface
    interface LayerSource {
        void writeTo(OutputStream tar) throws IOException;
    }

    /**
     * Makes an image of {@code parent} with one more layer on top, as {@code docker commit} does: the parent's layers
     * and history, the new layer (unpacked once, like any layer, or reused when an image already has it) and a history
     * step {@code createdBy}/{@code comment}; the config is {@code config}. Tags it if {@code tag} is given.
     *
     * @throws NoSuchImageException if {@code parent} is not (or no longer) here
     * @throws InvalidLayerException if the layer is refused, such as one larger than the size limit
     */
    Image commit(Digest parent, LayerSource layer, ImageConfig config, String createdBy, String comment,
                 @Nullable ImageRef tag);

    /**
     * Adds an image that arrives from elsewhere, as {@code docker pull} does: {@code config} is its config blob (its
     * digest becomes the image id) and {@code layers} its layers, bottom first, one per diff id of the config. A layer
     * the node already has is reused without being opened; each other one is read once, verified, checked against its
     * diff id and unpacked into its directory. Two adds that share a layer fetch it once: the second waits for the
     * first and then finds it. Everything is checked before the image is kept: a refused layer
     * ({@link InvalidLayerException}) leaves no image, blob or layer behind.
     *
     * @param tag the name to give it, or null to keep it by id only
     */
    Image add(byte[] config, List<IncomingLayer> layers, @Nullable ImageRef tag);

    /** Whether the layer with this diff id is unpacked here (a moment later it may not be, or may be). */
    boolean hasLayer(Digest diffId);

    /**
     * Opens what a push of the image sends: its config and layer tars.
     *
     * @throws NoSuchImageException if nothing matches the reference
     */
    ImageContent content(String reference);

    /** Points {@code target} at the image {@code source} names, moving the tag if it named another. */
    Image tag(String source, ImageRef target);

    /** The steps that made the image, newest first, as {@code docker history} shows them. */
    List<ImageHistory.Step> history(String reference);

    /**
     * Prepares the images named to be written as one OCI image layout tar, each under the name it was given by (an
     * image given by id gets none). Resolves every name first, so that a missing one fails before any byte is written.
     *
     * @throws NoSuchImageException naming the first reference that matches nothing
     */
    ImageArchive export(List<String> references);

    /**
     * Loads every image of an OCI image layout tar (plain or gzip; what {@link #export} writes, or Docker 25+'s
     * {@code docker save}), tagging each with the name its index gives. Everything is checked before anything is kept:
     * a refused archive ({@link InvalidArchiveException}, or {@link InvalidLayerException} for a hostile layer) leaves
     * no image, blob or layer behind. The stream is read to its end and not closed.
     */
    List<LoadedImage> load(InputStream archive);
}
