package dev.berth.registry.manifest;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;

/** A manifest that is not JSON, not of a supported type, or not well formed. */
public final class InvalidManifestException extends RegistryException {
    public InvalidManifestException(String message) {
        super(ErrorCode.MANIFEST_INVALID, message);
    }
}
