package dev.berth.registry.blob;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import dev.berth.registry.oci.Digest;
import dev.berth.registry.oci.RepositoryName;
import java.util.Map;

/** A blob the repository does not hold (it may be in another repository: mount it). */
public final class BlobUnknownException extends RegistryException {
    public BlobUnknownException(RepositoryName repository, Digest digest) {
        super(ErrorCode.BLOB_UNKNOWN, "blob " + digest + " is not in repository '" + repository + "'",
                Map.of("digest", digest.toString()));
    }
}
