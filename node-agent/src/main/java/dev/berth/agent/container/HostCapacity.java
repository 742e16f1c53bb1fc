package dev.berth.agent.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this host can give containers: its CPU count and memory, the bounds of every limit a container asks for. */
public record HostCapacity(int cpus, long memoryBytes) {

    public static HostCapacity probe() {
        return new HostCapacity(Runtime.getRuntime().availableProcessors(), memTotal(Path.of("/proc/meminfo")));
    }

    static long memTotal(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            // Fall through: no upper bound known.
        }
        return Long.MAX_VALUE;
    }
}
