package dev.berth.cli.api;

/** The answer to a commit: the new image's id ({@code sha256:...}). */
public record ImageCommitted(String id) {
}
