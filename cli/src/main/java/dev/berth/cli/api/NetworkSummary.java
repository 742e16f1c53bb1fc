package dev.berth.cli.api;

import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code GET /v1/networks}. {@code driver} is null for {@code none}, as in Docker; the addresses and the
 * bridge are null for {@code host} and {@code none}.
 *
 * @param containers how many containers are attached
 */
public record NetworkSummary(
        String id,
        String name,
        @Nullable String driver,
        @Nullable String scope,
        @Nullable String subnet,
        @Nullable String gateway,
        @Nullable String bridge,
        @Nullable String created,
        @Nullable Boolean builtin,
        @Nullable Integer containers) {
}
