package dev.berth.agent.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where each v1 controller Berth uses is mounted, and where the node agent itself sits in each. A combined mount such
 * as {@code cpu,cpuacct} gives two controllers one directory, so callers act on {@link #distinct} directories.
 */
final class V1Hierarchies {

    private final Map<V1Controller, CgroupMount> mounts;
    private final HostPaths host;
    private final String parent;

    private V1Hierarchies(Map<V1Controller, CgroupMount> mounts, HostPaths host, String parent) {
        this.mounts = mounts;
        this.host = host;
        this.parent = parent;
    }

    /**
     * Finds every controller of {@link V1Controller} in the mount table, or says which are missing; containers go
     * under {@code parent} in each.
     */
    static V1Hierarchies of(List<CgroupMount> cgroupMounts, HostPaths host, String parent) {
        Map<V1Controller, CgroupMount> found = new EnumMap<>(V1Controller.class);
        for (V1Controller controller : V1Controller.values()) {
            CgroupMount chosen = null;
            for (CgroupMount mount : cgroupMounts) {
                if (mount.unified() || !mount.controllers().contains(controller.kernelName())) {
                    continue;
                }
                // A hierarchy may be mounted more than once; a mount of its root shows every cgroup.
                if (chosen == null || !chosen.root().equals("/") && mount.root().equals("/")) {
                    chosen = mount;
                }
            }
            if (chosen != null) {
                found.put(controller, chosen);
            }
        }
        if (found.size() < V1Controller.values().length) {
            List<String> missing = Arrays.stream(V1Controller.values()).filter(c -> !found.containsKey(c))
                    .map(V1Controller::kernelName).toList();
            TreeSet<String> mounted = new TreeSet<>();
            cgroupMounts.stream().filter(m -> !m.unified()).forEach(m -> mounted.addAll(m.controllers()));
            throw new CgroupException("cgroup v1: controller(s) " + String.join(", ", missing) + " not mounted in "
                    + host.mountinfo() + " (mounted: " + (mounted.isEmpty() ? "none" : String.join(", ", mounted))
                    + ")");
        }
        return new V1Hierarchies(found, host, BerthTree.parentName(parent));
    }

    HostPaths host() {
        return host;
    }

    Path mountDir(V1Controller controller) {
        return host.resolve(mounts.get(controller).mountPoint());
    }

    /** {@code <mount>/<parent>/<id>} of every controller. */
    Map<V1Controller, Path> containerDirs(String containerId) {
        Map<V1Controller, Path> dirs = new EnumMap<>(V1Controller.class);
        for (V1Controller controller : V1Controller.values()) {
            dirs.put(controller, BerthTree.container(mountDir(controller), parent, containerId));
        }
        return dirs;
    }

    /**
     * The node agent's own cgroup directory in every controller, from {@code /proc/self/cgroup}. That file lists the
     * process's cgroups, that is its main thread's, which never moves: only launcher threads do.
     */
    Map<V1Controller, Path> agentDirs() {
        Map<String, String> paths = selfCgroupPaths();
        Map<V1Controller, Path> dirs = new EnumMap<>(V1Controller.class);
        for (V1Controller controller : V1Controller.values()) {
            String path = paths.get(controller.kernelName());
            if (path == null) {
                throw new CgroupException("read " + host.selfCgroup() + ": no line for the "
                        + controller.kernelName() + " controller");
            }
            dirs.put(controller, underMount(controller, path));
        }
        return dirs;
    }

    /** Each directory once, in controller order. */
    static List<Path> distinct(Map<V1Controller, Path> dirs) {
        return List.copyOf(new LinkedHashSet<>(dirs.values()));
    }

    /** Lines read {@code 4:memory:/system.slice/berth-agent.service}, or {@code 2:cpu,cpuacct:/...} when combined. */
    private Map<String, String> selfCgroupPaths() {
        List<String> lines;
        try {
            lines = Files.readAllLines(host.selfCgroup(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CgroupException("read " + host.selfCgroup() + ": " + CgroupFiles.reason(e), e);
        }
        Map<String, String> paths = new HashMap<>();
        for (String line : lines) {
            String[] fields = line.split(":", 3);
            if (fields.length == 3 && !fields[1].isEmpty()) {
                for (String controller : fields[1].split(",")) {
                    paths.put(controller, fields[2]);
                }
            }
        }
        return paths;
    }

    /** A cgroup path of the hierarchy, made relative to the subtree that is mounted, under its mount point. */
    private Path underMount(V1Controller controller, String cgroupPath) {
        CgroupMount mount = mounts.get(controller);
        String root = mount.root();
        String relative;
        if (root.equals("/")) {
            relative = cgroupPath;
        } else if (cgroupPath.equals(root) || cgroupPath.startsWith(root + "/")) {
            relative = cgroupPath.substring(root.length());
        } else {
            throw new CgroupException("the node agent's " + controller.kernelName() + " cgroup " + cgroupPath
                    + " is outside the subtree " + root + " mounted at " + mount.mountPoint());
        }
        List<String> parts = new ArrayList<>(List.of(relative.split("/")));
        parts.removeIf(String::isEmpty);
        if (parts.contains("..")) {
            // A cgroup namespace shows a cgroup above its own root this way; it is not reachable from the mount.
            throw new CgroupException("the node agent's " + controller.kernelName() + " cgroup " + cgroupPath
                    + " is outside the cgroup namespace mounted at " + mount.mountPoint());
        }
        Path dir = mountDir(controller);
        for (String part : parts) {
            dir = dir.resolve(part);
        }
        return dir;
    }
}
