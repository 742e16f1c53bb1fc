package dev.berth.registry;

/**
 * The error codes of the OCI Distribution Spec, each registered once with the HTTP status it is answered with. A
 * {@link RegistryException} may answer with another status where the spec asks for one (413, 416).
 */
public enum ErrorCode {
    BLOB_UNKNOWN(404, "blob unknown to registry"),
    BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
    BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
    DIGEST_INVALID(400, "provided digest did not match uploaded content"),
    MANIFEST_BLOB_UNKNOWN(400, "manifest references a manifest or blob unknown to registry"),
    MANIFEST_INVALID(400, "manifest invalid"),
    MANIFEST_UNKNOWN(404, "manifest unknown to registry"),
    NAME_INVALID(400, "invalid repository name"),
    NAME_UNKNOWN(404, "repository name not known to registry"),
    SIZE_INVALID(400, "provided length did not match content length"),
    UNAUTHORIZED(401, "authentication required"),
    DENIED(403, "requested access to the resource is denied"),
    UNSUPPORTED(405, "the operation is unsupported"),
    TOO_MANY_REQUESTS(429, "too many requests"),
    /** Not in the spec's table but distribution's, for what the spec answers with 416: a range that cannot be. */
    RANGE_INVALID(416, "invalid content range"),
    /** Also distribution's: an {@code n} that is not a number of results. */
    PAGINATION_NUMBER_INVALID(400, "invalid number of results requested"),
    /** Not in the spec's table: a failure of the registry itself, answered in the same form. */
    INTERNAL(500, "internal registry error");

    private final int status;
    private final String description;

    ErrorCode(int status, String description) {
        this.status = status;
        this.description = description;
    }

    public int status() {
        return status;
    }

    public String description() {
        return description;
    }
}
