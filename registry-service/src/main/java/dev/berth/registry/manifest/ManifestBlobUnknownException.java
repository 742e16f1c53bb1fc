package dev.berth.registry.manifest;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import dev.berth.registry.oci.Digest;
import dev.berth.registry.oci.RepositoryName;
import java.util.Map;

/** A manifest references a blob or a child manifest that its repository does not hold: push that first. */
public final class ManifestBlobUnknownException extends RegistryException {
    public ManifestBlobUnknownException(RepositoryName repository, String what, Digest digest) {
        super(ErrorCode.MANIFEST_BLOB_UNKNOWN, "the manifest references " + what + " " + digest
                + ", which repository '" + repository + "' does not hold; push it first", Map.of("digest",
                digest.toString()));
    }
}
