package dev.berth.agent.container;

import dev.berth.agent.cgroup.Resources;
import org.jspecify.annotations.Nullable;

/**
 * A container's resource limits, as asked and validated against the host.
 *
 * @param memoryBytes hard memory limit, at least {@link #MIN_MEMORY_BYTES}, or null for none
 * @param cpus CPUs as a CFS quota, 0.01 up to the host's CPU count, or null for none
 * @param pidsLimit most tasks at once, or null for none
 */
public record Limits(@Nullable Long memoryBytes, @Nullable Double cpus, @Nullable Long pidsLimit) {
    /** Docker's floor: below this a container cannot even start its runtime. */
    public static final long MIN_MEMORY_BYTES = 6L << 20;

    public static Limits none() {
        return new Limits(null, null, null);
    }

    /**
     * Validates raw values; each failure names the flag and the accepted range.
     *
     * @param memory a number of bytes or a string such as {@code 64m}, or null
     * @param cpus a fraction of CPUs, or null
     * @param pidsLimit a task count; 0 or -1 mean unlimited, as in Docker
     */
    public static Limits validate(@Nullable Object memory, @Nullable Double cpus, @Nullable Long pidsLimit,
                                  HostCapacity host) {
        Long memoryBytes = null;
        if (memory != null) {
            long bytes = memory instanceof Number number ? number.longValue() : ByteSize.parse(memory.toString());
            if (bytes != 0) {
                if (bytes < MIN_MEMORY_BYTES) {
                    throw new InvalidSpecException("memory", "minimum memory limit allowed is 6MB, got "
                            + ByteSize.format(bytes));
                }
                if (bytes > host.memoryBytes()) {
                    throw new InvalidSpecException("memory", "memory limit " + ByteSize.format(bytes)
                            + " is more than this host has (" + ByteSize.format(host.memoryBytes()) + ")");
                }
                memoryBytes = bytes;
            }
        }
        if (cpus != null && cpus != 0) {
            if (cpus < 0.01 || cpus > host.cpus() || cpus.isNaN()) {
                throw new InvalidSpecException("cpus", String.format(java.util.Locale.ROOT,
                        "range of CPUs is from 0.01 to %d.00, as there are only %d CPUs available", host.cpus(),
                        host.cpus()));
            }
        } else {
            cpus = null;
        }
        if (pidsLimit != null) {
            if (pidsLimit == 0 || pidsLimit == -1) {
                pidsLimit = null;
            } else if (pidsLimit < 0) {
                throw new InvalidSpecException("pidsLimit", "must be a positive number of tasks, or 0/-1 for "
                        + "unlimited, got " + pidsLimit);
            }
        }
        return new Limits(memoryBytes, cpus, pidsLimit);
    }

    /** The CFS quota for {@link #cpus}, per the default 100 ms period. */
    public @Nullable Long cpuQuotaMicros() {
        return cpus == null ? null : Math.round(cpus * Resources.DEFAULT_CPU_PERIOD_MICROS);
    }

    public Resources toResources() {
        return new Resources(memoryBytes, cpuQuotaMicros(), Resources.DEFAULT_CPU_PERIOD_MICROS, pidsLimit);
    }
}
