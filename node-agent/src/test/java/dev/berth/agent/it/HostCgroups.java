package dev.berth.agent.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the host shows of a container: its cgroup directories and its mounts, to prove cleanup. */
final class HostCgroups {
    static final List<String> CONTROLLERS = List.of("memory", "cpu", "cpuacct", "pids", "devices", "freezer");

    private HostCgroups() {}

    static List<Path> leftoverCgroups(String id) {
        return CONTROLLERS.stream().map(c -> Path.of("/sys/fs/cgroup", c, "berth", id)).filter(Files::exists).toList();
    }

    static List<String> hostMountsMentioning(String id) {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains(id)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
