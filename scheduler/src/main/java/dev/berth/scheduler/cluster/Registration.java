package dev.berth.scheduler.cluster;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an agent sends when it registers (and again whenever it restarts): who it is, where the scheduler and the
 * gateway reach it, its labels and what it offers.
 */
public record Registration(@Nullable String id, @Nullable String address, @Nullable Map<String, String> labels,
                           @Nullable Capacity capacity) {

    /**
     * @param cpu cores ({@code 4}, {@code 0.5}) or millicores ({@code 3500m})
     * @param memory bytes, or with a unit ({@code 8Gi})
     * @param pids the most processes the node's containers may run together
     * @param ports the host ports containers may publish (default 1024-65535)
     */
    public record Capacity(@Nullable String cpu, @Nullable String memory, @Nullable Long pids,
                           @Nullable PortRange ports) {}

    public record PortRange(@Nullable Integer min, @Nullable Integer max) {}
}
