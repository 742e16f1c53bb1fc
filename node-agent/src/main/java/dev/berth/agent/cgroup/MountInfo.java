package dev.berth.agent.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cgroup filesystems of {@code /proc/self/mountinfo}. A line reads
 * {@code 35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory}: the mount root and mount
 * point are fields 4 and 5, then come optional fields up to a lone {@code -}, then the filesystem type, the source and
 * the superblock options, where a v1 hierarchy lists its controllers.
 */
final class MountInfo {

    /** Superblock options that name a v1 controller; the others ({@code rw}, {@code xattr}, ...) are flags. */
    private static final Set<String> V1_CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices",
            "freezer", "net_cls", "net_prio", "blkio", "perf_event", "hugetlb", "pids", "rdma", "misc");

    private MountInfo() {}

    static List<CgroupMount> cgroupMounts(Path mountinfo) {
        String text;
        try {
            text = Files.readString(mountinfo, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CgroupException("read " + mountinfo + ": " + CgroupFiles.reason(e), e);
        }
        return parse(text);
    }

    static List<CgroupMount> parse(String mountinfo) {
        List<CgroupMount> mounts = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] fields = line.trim().split(" ");
            int separator = List.of(fields).indexOf("-");
            if (separator < 6 || fields.length < separator + 4) {
                continue;
            }
            String fsType = fields[separator + 1];
            String root = unescape(fields[3]);
            String mountPoint = unescape(fields[4]);
            if (fsType.equals("cgroup2")) {
                mounts.add(new CgroupMount(mountPoint, root, true, Set.of()));
            } else if (fsType.equals("cgroup")) {
                mounts.add(new CgroupMount(mountPoint, root, false, controllers(fields[separator + 3])));
            }
        }
        return List.copyOf(mounts);
    }

    private static Set<String> controllers(String superOptions) {
        Set<String> controllers = new LinkedHashSet<>();
        for (String option : superOptions.split(",")) {
            if (V1_CONTROLLERS.contains(option) || option.startsWith("name=")) {
                controllers.add(option);
            }
        }
        return controllers;
    }

    /** The kernel writes a space, tab, newline or backslash in a path as an octal escape such as {@code \040}. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String text, int from) {
        for (int i = from; i < from + 3; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
