package dev.berth.agent.supervisor;

import dev.berth.agent.linux.ProcStat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The exits the supervisor ({@code node-agent/src/main/c/berth-supervisor.c}) recorded, one file per process, for the
 * agent to read when it comes back. This is the agent's side of them; the supervisor writes them in the same format.
 *
 * <pre>
 * /run/berth/exits/            (gone at reboot, like the processes it speaks of)
 * ├── 48213-1907733            "48213 1907733 2304\n": pid, start time, wait status (here exit 9)
 * └── .48213-1907733.tmp       only while it is being written
 * </pre>
 *
 * A record is written, flushed and renamed into place, and the directory flushed, before the process is reaped: a
 * process that is gone from {@code /proc} therefore has its record, if the supervisor was its parent. The agent
 * deletes a record once the exit is in the container's state.
 */
public final class ExitRecords {
    /** Set in the agent's environment by the supervisor: where it records exits. Unset, the agent is unsupervised. */
    public static final String ENV = "BERTH_SUPERVISOR_EXIT_RECORDS";
    private static final Duration POLL = Duration.ofMillis(5);

    private final Path dir;
    private final Path proc;

    public ExitRecords(Path dir) {
        this(dir, Path.of("/proc"));
    }

    /** @param proc where procfs is, to tell a process that is still there from one that has been reaped */
    public ExitRecords(Path dir, Path proc) {
        this.dir = dir;
        this.proc = proc;
    }

    public Path directory() {
        return dir;
    }

    /** The record of the process (pid, start time), if the supervisor wrote one. */
    public Optional<ExitRecord> find(int pid, long startTime) {
        Path file = dir.resolve(ExitRecord.fileName(pid, startTime));
        try {
            ExitRecord record = ExitRecord.decode(Files.readString(file, StandardCharsets.US_ASCII));
            return record.pid() == pid && record.startTime() == startTime ? Optional.of(record) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the exit record " + file, e);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Waits for the record of a process that has just exited. It comes soon: the supervisor writes it before it
     * reaps the process, so once the process has left {@code /proc} the record is there or never will be (the
     * process was not the supervisor's child). Gives up after {@code limit} in any case.
     */
    public Optional<ExitRecord> await(int pid, long startTime, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<ExitRecord> record = find(pid, startTime);
            if (record.isPresent()) {
                return record;
            }
            if (!ProcStat.alive(proc, pid, startTime)) {
                return find(pid, startTime);
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    public void delete(int pid, long startTime) {
        try {
            Files.deleteIfExists(dir.resolve(ExitRecord.fileName(pid, startTime)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the exit record of pid " + pid, e);
        }
    }

    /**
     * Deletes every record but those named in {@code keep} ({@code <pid>-<start time>}): exits of processes that were
     * not containers (a command the agent ran when it died), or of containers removed since. Returns how many went.
     */
    public int prune(Set<String> keep) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (!keep.contains(entry.getFileName().toString())) {
                    stale.add(entry);
                }
            }
            for (Path entry : stale) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune the exit records in " + dir, e);
        }
        return stale.size();
    }
}
