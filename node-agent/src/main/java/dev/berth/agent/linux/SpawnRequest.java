package dev.berth.agent.linux;

import java.util.List;

/**
 * One posix_spawn(3): the executable, its argv and env, and the file actions the child runs before exec.
 *
 * <p>File actions run in order in the child. A FIFO {@link FileAction.Open} placed first is how a launcher holds the
 * child back (the "gate"): opening a FIFO for reading blocks until a writer opens it.
 */
public record SpawnRequest(String path, List<String> argv, List<String> env, List<FileAction> fileActions,
                           boolean newSession) {

    public SpawnRequest {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must name at least the program");
        }
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        fileActions = List.copyOf(fileActions);
    }

    /** What the child does to its file table and working directory before exec. */
    public sealed interface FileAction {
        /** open(path) onto descriptor {@code fd}. */
        record Open(int fd, String path, int flags, int mode) implements FileAction {}

        /** dup2(from, to): a descriptor of the parent becomes {@code to} in the child. */
        record Dup2(int from, int to) implements FileAction {}

        /** close(fd). */
        record Close(int fd) implements FileAction {}

        /** chdir(path), resolved when the child runs it. */
        record Chdir(String path) implements FileAction {}

        /** Closes every descriptor from {@code lowFd} up, so that no agent file leaks into a container. */
        record CloseFrom(int lowFd) implements FileAction {}
    }
}
