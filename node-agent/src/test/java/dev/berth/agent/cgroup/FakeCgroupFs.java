package dev.berth.agent.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Plays the kernel's part of cgroupfs over a temporary directory, so that the managers run unchanged against it.
 *
 * <ul>
 *   <li>mkdir fills a new cgroup with the interface files of its hierarchy (on v2: of the controllers its parent
 *       enables in {@code cgroup.subtree_control});
 *   <li>rmdir removes those files, and fails with EBUSY while {@code cgroup.procs} lists a process or a child cgroup
 *       remains;
 *   <li>{@code +memory -cpu} written to {@code cgroup.subtree_control} enables and disables controllers, and fails
 *       with ENOENT for one that {@code cgroup.controllers} does not offer;
 *   <li>a pid written to {@code cgroup.procs} joins it and {@code tasks} (each fake process has one thread); a tid
 *       written to {@code tasks} joins it, and its process joins {@code cgroup.procs}; {@code 1} written to
 *       {@code cgroup.kill} empties both.
 * </ul>
 *
 * Every write and every {@link #note} goes into one log, in order, as {@code <path relative to the base>=<value>}.
 */
class FakeCgroupFs extends CgroupFiles {

    static final String UNLIMITED = "9223372036854771712";

    private final Path base;
    private final Map<Path, Map<String, String>> v1Hierarchies = new LinkedHashMap<>();
    private final Map<Path, Map<String, Map<String, String>>> v2Hierarchies = new LinkedHashMap<>();
    private final Map<String, String> writeFailures = new HashMap<>();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, Integer> threadGroups = new HashMap<>();

    FakeCgroupFs(Path base) {
        this.base = base;
    }

    /**
     * A v1 hierarchy mounted at {@code mount}, whose cgroups hold {@code files} (with their initial contents) besides
     * {@code cgroup.procs} and {@code tasks}. The root cgroup gets them too.
     */
    FakeCgroupFs v1Hierarchy(Path mount, Map<String, String> files) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(files);
        all.put("cgroup.procs", "");
        all.put("tasks", "");
        v1Hierarchies.put(mount, all);
        Files.createDirectories(mount);
        populate(mount, all);
        return this;
    }

    /**
     * A unified hierarchy at {@code root} that offers {@code offered} controllers; {@code controllerFiles} gives the
     * files each controller adds to a cgroup whose parent enables it, and the key {@code ""} the core files.
     */
    FakeCgroupFs v2Hierarchy(Path root, List<String> offered, Map<String, Map<String, String>> controllerFiles)
            throws IOException {
        v2Hierarchies.put(root, controllerFiles);
        Files.createDirectories(root);
        Files.writeString(root.resolve("cgroup.controllers"), String.join(" ", offered) + "\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "\n");
        Files.writeString(root.resolve("cgroup.procs"), "");
        return this;
    }

    /** Makes every later write to a file of this name fail, as the kernel would, with {@code reason}. */
    FakeCgroupFs failWrites(String fileName, String reason) {
        writeFailures.put(fileName, reason);
        return this;
    }

    /** Declares {@code tid} a thread of process {@code pid}; other tids are their own process. */
    FakeCgroupFs thread(int tid, int pid) {
        threadGroups.put(tid, pid);
        return this;
    }

    /** Adds an event of the test, such as a kill, to the log. */
    void note(String event) {
        log.add(event);
    }

    List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** The logged writes whose path contains {@code fragment}. */
    List<String> writesTo(String fragment) {
        return log().stream().filter(line -> line.contains("=") && line.substring(0, line.indexOf('='))
                .contains(fragment)).toList();
    }

    /** A process exits: it leaves every {@code cgroup.procs} and {@code tasks} of the tree. */
    void exit(int pid) {
        try (Stream<Path> paths = Files.walk(base)) {
            for (Path file : paths.filter(p -> p.getFileName().toString().equals("cgroup.procs")
                    || p.getFileName().toString().equals("tasks")).toList()) {
                List<String> left = new ArrayList<>(Files.readAllLines(file));
                left.remove(Integer.toString(pid));
                Files.writeString(file, left.isEmpty() ? "" : String.join("\n", left) + "\n");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void writeOnce(Path file, byte[] value) throws IOException {
        String text = new String(value, StandardCharsets.US_ASCII);
        log.add(base.relativize(file) + "=" + text);
        String reason = writeFailures.get(file.getFileName().toString());
        if (reason != null) {
            throw new IOException(reason);
        }
        if (!Files.exists(file)) {
            // The real write, which must refuse a file the kernel does not have rather than create it.
            super.writeOnce(file, value);
        }
        switch (file.getFileName().toString()) {
            case "cgroup.procs" -> {
                join(file, text.trim());
                join(file.resolveSibling("tasks"), text.trim());
            }
            case "tasks" -> {
                join(file, text.trim());
                int tid = Integer.parseInt(text.trim());
                join(file.resolveSibling("cgroup.procs"), Integer.toString(threadGroups.getOrDefault(tid, tid)));
            }
            case "cgroup.subtree_control" -> enable(file, text);
            case "cgroup.kill" -> {
                super.writeOnce(file.resolveSibling("cgroup.procs"), new byte[0]);
                if (Files.exists(file.resolveSibling("tasks"))) {
                    super.writeOnce(file.resolveSibling("tasks"), new byte[0]);
                }
            }
            default -> super.writeOnce(file, value);
        }
    }

    @Override
    protected void createDirectory(Path dir) throws IOException {
        super.createDirectory(dir);
        for (Map.Entry<Path, Map<String, String>> hierarchy : v1Hierarchies.entrySet()) {
            if (dir.startsWith(hierarchy.getKey())) {
                populate(dir, hierarchy.getValue());
            }
        }
        for (Map.Entry<Path, Map<String, Map<String, String>>> hierarchy : v2Hierarchies.entrySet()) {
            if (dir.startsWith(hierarchy.getKey())) {
                String enabled = Files.readString(dir.getParent().resolve("cgroup.subtree_control")).trim();
                Files.writeString(dir.resolve("cgroup.controllers"), enabled + "\n");
                Files.writeString(dir.resolve("cgroup.subtree_control"), "\n");
                populate(dir, hierarchy.getValue().getOrDefault("", Map.of()));
                for (String controller : enabled.isEmpty() ? new String[0] : enabled.split(" ")) {
                    populate(dir, hierarchy.getValue().getOrDefault(controller, Map.of()));
                }
            }
        }
    }

    @Override
    protected void removeDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            super.removeDirectory(dir);
        }
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> entries = children.toList();
            Path procs = dir.resolve("cgroup.procs");
            if (entries.stream().anyMatch(Files::isDirectory)
                    || Files.exists(procs) && !Files.readString(procs).isBlank()) {
                throw new FileSystemException(dir.toString(), null, "Device or resource busy");
            }
            for (Path entry : entries) {
                Files.delete(entry);
            }
        }
        super.removeDirectory(dir);
    }

    private static void populate(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
    }

    private void join(Path file, String pid) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        Set<String> pids = new LinkedHashSet<>(Files.readAllLines(file));
        pids.remove("");
        pids.add(pid);
        super.writeOnce(file, (String.join("\n", pids) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private void enable(Path file, String request) throws IOException {
        List<String> offered = List.of(Files.readString(file.resolveSibling("cgroup.controllers")).trim().split(" "));
        Set<String> enabled = new LinkedHashSet<>(List.of(Files.readString(file).trim().split(" ")));
        enabled.remove("");
        for (String change : request.trim().split(" ")) {
            String controller = change.substring(1);
            if (!offered.contains(controller)) {
                throw new IOException("No such file or directory");
            }
            if (change.startsWith("+")) {
                enabled.add(controller);
            } else {
                enabled.remove(controller);
            }
        }
        super.writeOnce(file, (String.join(" ", enabled) + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
