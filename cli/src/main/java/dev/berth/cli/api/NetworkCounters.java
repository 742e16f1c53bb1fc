package dev.berth.cli.api;

import org.jspecify.annotations.Nullable;

/** What a container's {@code eth0} has received and sent, as the container sees it. */
public record NetworkCounters(
        @Nullable Long rxBytes, @Nullable Long txBytes, @Nullable Long rxPackets, @Nullable Long txPackets) {
}
