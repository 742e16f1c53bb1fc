package dev.berth.agent.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's start time from {@code /proc/PID/stat}. A pid alone names a process only until it is reaped and
 * reused; the pair (pid, start time) names one process for as long as the machine runs.
 */
public final class ProcStat {
    private static final Path PROC = Path.of("/proc");

    private ProcStat() {}

    /** Field 22, starttime, in clock ticks since boot; 0 if the process is gone (a zombie still has it). */
    public static long startTime(int pid) {
        return startTime(PROC, pid);
    }

    /** As {@link #startTime(int)}, from a procfs mounted at {@code proc}. */
    public static long startTime(Path proc, int pid) {
        try {
            return parseStartTime(Files.readString(proc.resolve(pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Whether {@code pid} is still the process that started at {@code startTime}, not a later one given its pid. */
    public static boolean alive(int pid, long startTime) {
        return alive(PROC, pid, startTime);
    }

    public static boolean alive(Path proc, int pid, long startTime) {
        return pid > 0 && startTime != 0 && startTime(proc, pid) == startTime;
    }

    static long parseStartTime(String stat) {
        // The command (field 2) is in parentheses and may contain spaces and ')'; count fields after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[19].trim());
    }
}
