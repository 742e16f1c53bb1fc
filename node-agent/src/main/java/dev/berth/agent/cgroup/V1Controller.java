package dev.berth.agent.cgroup;

/** The v1 controllers Berth uses; each may be its own hierarchy or share one with others. */
enum V1Controller {
    MEMORY("memory"),
    CPU("cpu"),
    CPUACCT("cpuacct"),
    PIDS("pids"),
    DEVICES("devices"),
    FREEZER("freezer");

    private final String kernelName;

    V1Controller(String kernelName) {
        this.kernelName = kernelName;
    }

    /** The name in mount options and in {@code /proc/self/cgroup}. */
    String kernelName() {
        return kernelName;
    }
}
