package dev.berth.agent.launch;

import dev.berth.agent.linux.FileStat;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the file {@code args[0]} names, the way execvp would inside the container, and reports failures with Docker's
 * exit codes and wording: 127 {@code executable file not found in $PATH}, 126 {@code permission denied}.
 */
public final class ExecutableResolver {
    private final Function<String, Optional<FileStat>> lookup;

    /** @param lookup stat of an absolute container path, following symlinks inside the container's root */
    public ExecutableResolver(Function<String, Optional<FileStat>> lookup) {
        this.lookup = lookup;
    }

    public String resolve(String command, String path, String workingDir, ProcessUser user) {
        if (command.isEmpty()) {
            throw new EntrypointException(127, "exec: \"\": executable file not found in $PATH");
        }
        if (command.contains("/")) {
            String absolute = command.startsWith("/") ? command : join(workingDir, command);
            Optional<FileStat> stat = lookup.apply(absolute);
            if (stat.isEmpty()) {
                throw new EntrypointException(127, "exec: \"" + command + "\": stat " + command
                        + ": no such file or directory");
            }
            check(command, stat.get(), user);
            return absolute;
        }
        boolean deniedSomewhere = false;
        for (String dir : path.split(":")) {
            String candidate = join(dir.isEmpty() ? workingDir : dir, command);
            Optional<FileStat> stat = lookup.apply(candidate);
            if (stat.isEmpty() || stat.get().isDirectory()) {
                continue;
            }
            if (stat.get().isRegularFile() && user.canExecute(stat.get().uid(), stat.get().gid(), stat.get().mode())) {
                return candidate;
            }
            deniedSomewhere = true;
        }
        if (deniedSomewhere) {
            throw new EntrypointException(126, "exec: \"" + command + "\": permission denied");
        }
        throw new EntrypointException(127, "exec: \"" + command + "\": executable file not found in $PATH");
    }

    private static void check(String command, FileStat stat, ProcessUser user) {
        if (stat.isDirectory()) {
            throw new EntrypointException(126, "exec: \"" + command + "\": is a directory");
        }
        if (!stat.isRegularFile() || !user.canExecute(stat.uid(), stat.gid(), stat.mode())) {
            throw new EntrypointException(126, "exec: \"" + command + "\": permission denied");
        }
    }

    /** Joins lexically, dropping "." and resolving "..", as the container's own lookup would see the path. */
    private static String join(String dir, String name) {
        return java.nio.file.Path.of(dir).resolve(name).normalize().toString();
    }

    /** Docker's exit code for an errno from exec itself. */
    public static int exitCodeFor(int errno) {
        return errno == dev.berth.agent.linux.Errno.ENOENT ? 127 : 126;
    }
}
