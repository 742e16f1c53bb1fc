package dev.berth.agent.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The host's RAM, which stands for the memory limit of a cgroup that has none, as {@code docker stats} shows it. */
final class HostMemory {

    private HostMemory() {}

    /** {@code MemTotal} of {@code /proc/meminfo}, in bytes. */
    static long totalBytes(Path meminfo) {
        String text;
        try {
            text = Files.readString(meminfo, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CgroupException("read " + meminfo + ": " + CgroupFiles.reason(e), e);
        }
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3 && fields[0].equals("MemTotal:") && fields[2].equals("kB")) {
                try {
                    return Long.parseLong(fields[1]) * 1024;
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new CgroupException("read " + meminfo + ": no 'MemTotal: <n> kB' line");
    }

    /**
     * The limit to report: the host's RAM when the cgroup has none, or one at least that large, such as v1's
     * "unlimited" 9223372036854771712.
     */
    static long effectiveLimit(OptionalLong limitBytes, Path meminfo) {
        long total = totalBytes(meminfo);
        return limitBytes.isPresent() && limitBytes.getAsLong() < total ? limitBytes.getAsLong() : total;
    }
}
