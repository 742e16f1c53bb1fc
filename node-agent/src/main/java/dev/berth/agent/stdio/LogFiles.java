package dev.berth.agent.stdio;

import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.Syscalls;
import java.nio.file.Path;

/**
 * One container's log: for each stream, the bytes exactly as the container wrote them, and an index of when they
 * arrived.
 * <pre>
 * containers/&lt;id&gt;/
 * ├── stdout.log   raw bytes, appended by the container itself (O_APPEND), never by the agent
 * ├── stdout.idx   16-byte records (arrival time in ns since the epoch, end offset in stdout.log), big-endian
 * ├── stderr.log
 * └── stderr.idx
 * </pre>
 * The container writes at disk speed and is never blocked by a reader; the agent only watches the files grow.
 */
public record LogFiles(Path directory) {

    public Path log(LogStream stream) {
        return directory.resolve(stream.fileName() + ".log");
    }

    public Path index(LogStream stream) {
        return directory.resolve(stream.fileName() + ".idx");
    }

    /**
     * Opens both logs for the container's process to inherit: append-only, created if missing. The caller closes the
     * descriptors once the process has them.
     */
    public int[] openForContainer(Syscalls sys) {
        int flags = OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC;
        int stdout = sys.open(log(LogStream.STDOUT).toString(), flags, 0640);
        try {
            int stderr = sys.open(log(LogStream.STDERR).toString(), flags, 0640);
            return new int[] {stdout, stderr};
        } catch (RuntimeException e) {
            sys.close(stdout);
            throw e;
        }
    }
}
