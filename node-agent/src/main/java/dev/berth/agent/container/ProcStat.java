package dev.berth.agent.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's start time from {@code /proc/PID/stat}, which tells a live process from a reused pid. */
final class ProcStat {
    private ProcStat() {}

    /** Field 22, starttime, in clock ticks since boot; 0 if the process is gone. */
    static long startTime(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command (field 2) is in parentheses and may contain spaces; count fields after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[19]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static boolean alive(int pid, long startTime) {
        return pid > 0 && startTime != 0 && startTime(pid) == startTime;
    }
}
