package dev.berth.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a container leaves on the host, seen from outside the agent: its directory in the state dir, its cgroups, and
 * mounts that name it. A removed container must leave none of them.
 */
final class HostTraces {

    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    /** The cgroup v1 controllers the agent puts a container in, each under berth/ (see the agent's BerthTree). */
    private static final List<String> V1_CONTROLLERS = List.of("memory", "cpu", "cpuacct", "pids", "devices",
            "freezer");
    private static final Path HOST_MOUNTS = Path.of("/proc/self/mountinfo");

    private final Path containersDir;

    HostTraces(NodeAgent agent) {
        this.containersDir = agent.stateDir().resolve("containers");
    }

    /** One line per trace of the container with this full id; empty if there is none. */
    List<String> of(String id) {
        List<String> traces = new ArrayList<>();
        Path directory = containersDir.resolve(id);
        if (Files.exists(directory)) {
            traces.add("directory " + directory);
        }
        List<Path> cgroups = new ArrayList<>();
        V1_CONTROLLERS.forEach(controller -> cgroups.add(CGROUP_ROOT.resolve(controller).resolve("berth").resolve(id)));
        // On a cgroup v2 host, the one unified hierarchy.
        cgroups.add(CGROUP_ROOT.resolve("berth").resolve(id));
        cgroups.stream().filter(Files::exists).forEach(cgroup -> traces.add("cgroup " + cgroup));
        try {
            Files.readAllLines(HOST_MOUNTS).stream()
                    .filter(mount -> mount.contains(id))
                    .forEach(mount -> traces.add("mount " + mount));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + HOST_MOUNTS, e);
        }
        return traces;
    }
}
