package dev.berth.registry.blob;

import dev.berth.registry.oci.Digest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What garbage collection needs of a store: delete blobs and uploads, and list what is there. */
public interface BlobSweeper {

    /** Deletes the blob; nothing if it is gone already. */
    void delete(Digest digest) throws IOException;

    /** Every blob held, with when it was written. */
    List<StoredBlob> listBlobs() throws IOException;

    /** Every upload held, with when it was last written to. */
    List<StoredUpload> listUploads() throws IOException;

    record StoredBlob(Digest digest, long size, Instant modified) {}

    record StoredUpload(UUID id, long size, Instant modified) {}
}
