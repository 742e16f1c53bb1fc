package dev.berth.cli.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One entry of {@code GET /v1/images}. An untagged image has no tags. */
public record ImageSummary(
        String id, @Nullable List<String> tags, @Nullable String created, @Nullable Long size,
        @Nullable Integer layers) {

    public List<String> tagsOrEmpty() {
        return tags == null ? List.of() : tags;
    }
}
