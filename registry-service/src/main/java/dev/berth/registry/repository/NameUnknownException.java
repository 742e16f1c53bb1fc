package dev.berth.registry.repository;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import dev.berth.registry.oci.RepositoryName;
import java.util.Map;

/** A repository that nothing was ever pushed to. */
public final class NameUnknownException extends RegistryException {
    public NameUnknownException(RepositoryName name) {
        super(ErrorCode.NAME_UNKNOWN, "repository '" + name + "' is not known to this registry",
                Map.of("name", name.value()));
    }
}
