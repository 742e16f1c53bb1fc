package dev.berth.gateway.quota;

/** What a tenant's apps ask for, summed over services: cpu and memory requests times replicas, and containers. */
public record Demand(long cpuMilli, long memoryBytes, long containers) {
    public static final Demand NONE = new Demand(0, 0, 0);

    public Demand plus(Demand other) {
        return new Demand(Math.addExact(cpuMilli, other.cpuMilli), Math.addExact(memoryBytes, other.memoryBytes),
                Math.addExact(containers, other.containers));
    }
}
