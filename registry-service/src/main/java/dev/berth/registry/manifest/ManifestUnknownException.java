package dev.berth.registry.manifest;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import dev.berth.registry.oci.Reference;
import dev.berth.registry.oci.RepositoryName;
import java.util.Map;

/** No manifest of the repository has that tag or digest. */
public final class ManifestUnknownException extends RegistryException {
    public ManifestUnknownException(RepositoryName repository, Reference reference) {
        super(ErrorCode.MANIFEST_UNKNOWN, "manifest '" + reference + "' is not in repository '" + repository + "'",
                Map.of(reference instanceof Reference.ByTag ? "tag" : "digest", reference.toString()));
    }
}
