package dev.berth.registry.upload;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import java.util.Map;
import java.util.UUID;

/**
 * A chunk that stopped before its end: the client went away, or sent less than it announced. What arrived is kept;
 * the client asks for the upload's status and goes on from there.
 */
public final class UploadInterruptedException extends RegistryException {
    public UploadInterruptedException(UUID id, long size, String why) {
        super(ErrorCode.BLOB_UPLOAD_INVALID, "the chunk was cut short (" + why + "); the upload holds " + size
                + " bytes: resume from there", Map.of("uuid", id.toString(), "size", size));
    }
}
