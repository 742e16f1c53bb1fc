package dev.berth.agent.cgroup;

import org.jspecify.annotations.Nullable;

/**
 * The limits of one container, already validated (see {@code ResourceLimits} in the container package).
 *
 * @param memoryBytes hard memory limit in bytes, swap included (no swap on top), or null for none
 * @param cpuQuotaMicros CFS quota per {@code cpuPeriodMicros}, or null for none ({@code --cpus 0.5} = 50000/100000)
 * @param cpuPeriodMicros CFS period, 100000 unless set
 * @param pidsLimit maximum number of tasks, or null for none
 */
public record Resources(@Nullable Long memoryBytes, @Nullable Long cpuQuotaMicros, long cpuPeriodMicros,
                        @Nullable Long pidsLimit) {

    public static final long DEFAULT_CPU_PERIOD_MICROS = 100_000;

    public static Resources unlimited() {
        return new Resources(null, null, DEFAULT_CPU_PERIOD_MICROS, null);
    }
}
