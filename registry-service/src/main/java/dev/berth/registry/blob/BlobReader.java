package dev.berth.registry.blob;

import dev.berth.registry.oci.Digest;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.OptionalLong;

/** Reads stored blobs. */
public interface BlobReader {

    /** The blob's size, or empty if the store does not hold it. */
    OptionalLong size(Digest digest);

    /** The blob's bytes from {@code offset} to its end. */
    ReadableByteChannel open(Digest digest, long offset) throws IOException;
}
