package dev.berth.agent.image;

import java.io.IOException;
import java.io.InputStream;

/**
 * A layer as it arrives from elsewhere, such as a registry: its blob (a tar, plain or gzip-compressed) and the diff id
 * the image's config gives it. {@link ImageStore#add} opens it only when the node does not have the layer yet.
 */
public interface IncomingLayer {

    /** The sha256 of the uncompressed tar, as the image config lists it. */
    Digest diffId();

    /** Opens the blob. The store reads it to its end, closes it, then calls {@link #verify()}. */
    InputStream open() throws IOException;

    /**
     * Checks that what was read is the blob that was asked for, before anything of it is unpacked.
     *
     * @throws InvalidLayerException if it is not, such as bytes with another digest, or too few of them
     */
    void verify();
}
