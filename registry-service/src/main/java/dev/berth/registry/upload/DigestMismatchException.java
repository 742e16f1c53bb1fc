package dev.berth.registry.upload;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import dev.berth.registry.oci.Digest;
import java.util.Map;

/** The bytes received do not have the digest the client named: nothing is stored under either. */
public final class DigestMismatchException extends RegistryException {
    public DigestMismatchException(Digest expected, Digest actual, long size) {
        super(ErrorCode.DIGEST_INVALID, "the upload's " + size + " bytes have digest " + actual + ", not " + expected,
                Map.of("digest", expected.toString(), "actual", actual.toString(), "size", size));
    }
}
