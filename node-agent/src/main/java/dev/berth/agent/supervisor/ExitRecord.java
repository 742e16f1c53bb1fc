package dev.berth.agent.supervisor;

import dev.berth.agent.linux.WaitStatus;

/**
 * How one process ended, as the supervisor saw it while the agent was away. The pid and the start time together name
 * the process, so that a record is never taken for a later process that was given the same pid.
 *
 * <p>Encoded as one line of text, {@code <pid> <start time> <wait status>}, the status as wait(2) gives it.
 *
 * @param startTime {@code /proc/PID/stat} field 22, in clock ticks since boot
 */
public record ExitRecord(int pid, long startTime, WaitStatus status) {

    public ExitRecord {
        if (pid <= 0 || startTime <= 0) {
            throw new IllegalArgumentException("an exit record needs a pid and a start time, not " + pid + " and "
                    + startTime);
        }
        if (status.pid() != pid) {
            status = new WaitStatus(pid, status.exitCode(), status.signal());
        }
    }

    /** The record's file name: {@code <pid>-<start time>}. */
    public String fileName() {
        return fileName(pid, startTime);
    }

    static String fileName(int pid, long startTime) {
        return pid + "-" + startTime;
    }

    public String encode() {
        return pid + " " + startTime + " " + status.raw() + "\n";
    }

    /** Reads a record back; throws {@link IllegalArgumentException} for anything but one well-formed line. */
    public static ExitRecord decode(String text) {
        String[] fields = text.strip().split(" ");
        if (fields.length != 3 || !text.endsWith("\n")) {
            throw new IllegalArgumentException("not an exit record: \"" + text.strip() + "\"");
        }
        try {
            int pid = Integer.parseInt(fields[0]);
            return new ExitRecord(pid, Long.parseLong(fields[1]), WaitStatus.decode(pid, Integer.parseInt(fields[2])));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an exit record: \"" + text.strip() + "\"", e);
        }
    }
}
