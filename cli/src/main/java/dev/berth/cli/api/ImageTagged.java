package dev.berth.cli.api;

import org.jspecify.annotations.Nullable;

/** The answer to a tag: the image's id and the name it now also has. */
public record ImageTagged(@Nullable String id, @Nullable String tag) {
}
