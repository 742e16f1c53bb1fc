package dev.berth.registry.upload;

import dev.berth.registry.oci.RepositoryName;
import java.util.UUID;

/** An upload in progress and how many bytes it holds. */
public record UploadStatus(UUID id, RepositoryName repository, long size) {

    /** The spec's {@code Range} header of upload answers: {@code 0-<last byte>}, and {@code 0-0} while empty. */
    public String range() {
        return "0-" + Math.max(0, size - 1);
    }
}
