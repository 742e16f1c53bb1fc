package dev.berth.cli.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code GET /v1/containers}: what {@code ps} shows. {@code status} is already worded like Docker's;
 * {@code ports} are the published ports in force, none unless it runs.
 */
public record ContainerSummary(
        String id,
        @Nullable String name,
        @Nullable String image,
        @Nullable String imageId,
        @Nullable String command,
        @Nullable String created,
        @Nullable String state,
        @Nullable String status,
        @Nullable Integer exitCode,
        @Nullable List<PortMapping> ports) {

    public List<PortMapping> portsOrEmpty() {
        return ports == null ? List.of() : ports;
    }
}
