package dev.berth.scheduler.placement;

/** Amounts of a node's capacity: cpu in millicores, memory in bytes, process ids. */
public record Resources(long cpuMilli, long memoryBytes, long pids) {
    public static final Resources NONE = new Resources(0, 0, 0);

    public Resources plus(Resources other) {
        return new Resources(cpuMilli + other.cpuMilli, memoryBytes + other.memoryBytes, pids + other.pids);
    }

    public Resources minus(Resources other) {
        return new Resources(cpuMilli - other.cpuMilli, memoryBytes - other.memoryBytes, pids - other.pids);
    }
}
