package dev.berth.cli.api;

/**
 * One path a container changed, from {@code GET /v1/containers/{ref}/changes}.
 *
 * @param kind {@code A} (added), {@code C} (changed) or {@code D} (deleted)
 * @param path absolute, as the container sees it
 */
public record FileChange(String kind, String path) {
}
