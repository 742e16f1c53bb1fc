package dev.berth.registry.blob;

import dev.berth.registry.oci.Digest;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.UUID;

/**
 * Takes in new blobs through uploads. An upload's bytes accumulate outside the blob area until {@link #commit} makes
 * them the blob of a digest the caller has verified, all at once: no reader ever sees part of a blob.
 */
public interface BlobIngester {

    void createUpload(UUID upload) throws IOException;

    /** How many bytes the upload holds: where the next chunk must start. */
    long uploadSize(UUID upload) throws IOException;

    /** Opens the upload for appending at its end; the caller writes, then {@link UploadSink#close}s. */
    UploadSink append(UUID upload) throws IOException;

    /** Cuts the upload back to {@code size} bytes, undoing a refused chunk. */
    void truncateUpload(UUID upload, long size) throws IOException;

    /** The upload's bytes, to hash them again when the running hash was lost. */
    ReadableByteChannel readUpload(UUID upload) throws IOException;

    /** Makes the upload's bytes the blob {@code digest} (the caller checked it) and ends the upload. */
    void commit(UUID upload, Digest digest) throws IOException;

    /** Ends an upload and drops its bytes; nothing if it is gone already. */
    void cancelUpload(UUID upload) throws IOException;
}
