package dev.berth.agent.cgroup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads and writes cgroupfs files, and turns each I/O failure into a {@link CgroupException} that names the file, the
 * value and the kernel's reason: {@code write 1024 to .../memory.limit_in_bytes: Device or resource busy}.
 *
 * <p>The three protected methods are the only calls that change the tree. Tests override them to play the kernel over a
 * temporary directory: to fill a new cgroup with its interface files, to record writes and to refuse some.
 */
class CgroupFiles {

    /**
     * Writes {@code value} with a single write(2): the kernel takes each write to a cgroup file as one command, so a
     * split write would apply half a value. Never creates a file: a missing one means a missing controller.
     */
    final void write(Path file, String value) {
        try {
            writeOnce(file, value.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new CgroupException("write " + value + " to " + file + ": " + reason(e), e);
        }
    }

    /** Creates a cgroup directory; false if it was already there. */
    final boolean mkdir(Path dir) {
        try {
            createDirectory(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new CgroupException("mkdir " + dir + ": " + reason(e), e);
        }
    }

    /** Removes a cgroup directory; false if it was already gone. */
    final boolean rmdir(Path dir) {
        try {
            removeDirectory(dir);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new CgroupException("rmdir " + dir + ": " + reason(e), e);
        }
    }

    // Truncation matters only to the regular files of a test tree; cgroupfs ignores it, as it does for `echo >`.
    protected void writeOnce(Path file, byte[] value) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            int written = channel.write(ByteBuffer.wrap(value));
            if (written != value.length) {
                throw new IOException("short write: " + written + " of " + value.length + " bytes");
            }
        }
    }

    protected void createDirectory(Path dir) throws IOException {
        Files.createDirectory(dir);
    }

    /** On cgroupfs rmdir removes the interface files too; it fails with EBUSY while tasks or children remain. */
    protected void removeDirectory(Path dir) throws IOException {
        Files.delete(dir);
    }

    boolean exists(Path path) {
        return Files.exists(path);
    }

    String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CgroupException("read " + file + ": " + reason(e), e);
        }
    }

    long readLong(Path file) {
        String text = read(file).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new CgroupException("read " + file + ": expected a number, found '" + text + "'", e);
        }
    }

    /** A limit file such as {@code pids.max} or {@code memory.max}: empty when it says {@code max}. */
    OptionalLong readLimit(Path file) {
        String text = read(file).trim();
        return "max".equals(text) ? OptionalLong.empty() : OptionalLong.of(readLong(file));
    }

    /**
     * One entry of a flat-keyed file ({@code key value} per line) such as {@code memory.stat}, {@code memory.events} or
     * {@code memory.oom_control}; empty if the file lacks it or is absent. The key must match whole: {@code inactive_file}
     * is not {@code total_inactive_file}.
     */
    OptionalLong readKeyed(Path file, String key) {
        for (String line : readIfPresent(file).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 2 && fields[0].equals(key)) {
                try {
                    return OptionalLong.of(Long.parseLong(fields[1]));
                } catch (NumberFormatException e) {
                    throw new CgroupException("read " + file + ": expected a number for " + key + ", found '"
                            + fields[1] + "'", e);
                }
            }
        }
        return OptionalLong.empty();
    }

    /** The pids of {@code cgroup.procs}; empty if the cgroup is gone. */
    List<Integer> readPids(Path procs) {
        List<Integer> pids = new ArrayList<>();
        for (String line : readIfPresent(procs).split("\n")) {
            if (!line.isBlank()) {
                pids.add(Integer.parseInt(line.trim()));
            }
        }
        return List.copyOf(pids);
    }

    /** The words of a space-separated list file, such as {@code cgroup.controllers}. */
    List<String> readWords(Path file) {
        String text = read(file).trim();
        return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    }

    /** The file's text, or nothing if it is absent (its cgroup is gone, or its controller is not there). */
    private String readIfPresent(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new CgroupException("read " + file + ": " + reason(e), e);
        }
    }

    /** The kernel's reason, as {@code strerror} words it, for an I/O failure of the JDK. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
