package dev.berth.cli.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a registry search found: repositories whose name contains the term, with their tags. */
public record SearchResult(String query, List<Repository> repositories) {

    public record Repository(String name, List<Tag> tags, @Nullable Instant lastPushedAt) {}

    /** A tag: the manifest it names, the image's size as pushed (config and layers) and its layer count. */
    public record Tag(String name, String digest, String mediaType, long size, int layers, Instant pushedAt) {}
}
