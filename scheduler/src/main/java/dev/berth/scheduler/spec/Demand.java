package dev.berth.scheduler.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What a replica of a validated spec takes from a node: requests and host ports. */
public record Demand(long cpuMilli, long memoryBytes, long pids, List<Integer> hostPorts) {

    public static Demand of(ServiceSpec validated) {
        ServiceSpec.Resources resources = Objects.requireNonNull(validated.resources());
        List<Integer> ports = new ArrayList<>();
        for (ServiceSpec.Port port : Objects.requireNonNull(validated.ports())) {
            if (port.host() != null) {
                ports.add(port.host());
            }
        }
        return new Demand(number(Objects.requireNonNull(resources.cpu()).request()),
                number(Objects.requireNonNull(resources.memory()).request()),
                Objects.requireNonNull(resources.pids()), List.copyOf(ports));
    }

    /** The memory limit of a validated spec, in bytes. */
    public static long memoryLimit(ServiceSpec validated) {
        return number(Objects.requireNonNull(Objects.requireNonNull(validated.resources()).memory()).limit());
    }

    private static long number(@org.jspecify.annotations.Nullable String stored) {
        String digits = Objects.requireNonNull(stored).endsWith("m") ? stored.substring(0, stored.length() - 1) : stored;
        return Long.parseLong(digits);
    }
}
