package dev.berth.registry.upload;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import java.util.Map;

/** An upload that never was, was finished or cancelled, or belongs to another repository. */
public final class UploadUnknownException extends RegistryException {
    public UploadUnknownException(String id) {
        super(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload '" + id + "' is not in progress in this repository",
                Map.of("uuid", id));
    }
}
