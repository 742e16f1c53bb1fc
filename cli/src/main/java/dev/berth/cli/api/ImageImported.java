package dev.berth.cli.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The answer to an import: the new image's id ({@code sha256:...}), its tags and layers. */
public record ImageImported(
        String id, @Nullable List<String> tags, @Nullable List<String> layers, @Nullable Long size) {
}
