package dev.berth.cli.api;

import org.jspecify.annotations.Nullable;

/**
 * One step of {@code GET /v1/images/{ref}/history}, newest first.
 *
 * @param id the local image the step completed, or null ({@code <missing>})
 * @param size bytes of the layer the step made
 */
public record HistoryStep(@Nullable String id, @Nullable String created, @Nullable String createdBy,
                          @Nullable Long size, @Nullable String comment) {
}
