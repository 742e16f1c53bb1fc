package dev.berth.cli.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One image a load brought in, with the names the archive gave it (none for an unnamed one). */
public record ImageLoaded(String id, @Nullable List<String> tags) {

    public List<String> tagsOrEmpty() {
        return tags == null ? List.of() : tags;
    }
}
