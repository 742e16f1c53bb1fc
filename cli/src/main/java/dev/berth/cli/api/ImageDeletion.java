package dev.berth.cli.api;

import org.jspecify.annotations.Nullable;

/** One step of removing an image: a tag taken off, or an image (or layer) deleted. Exactly one is set. */
public record ImageDeletion(@Nullable String untagged, @Nullable String deleted) {

    /** The line {@code rmi} prints, as Docker words it. */
    public String describe() {
        return untagged != null ? "Untagged: " + untagged : "Deleted: " + deleted;
    }
}
