package dev.berth.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The three standard streams of one invocation. Text goes through {@link #out()} and {@link #err()}; container
 * output is copied as bytes to {@link #stdout()} and {@link #stderr()}, which are the streams under those printers,
 * so both kinds of output keep their order. The raw streams report write failures (a closed pipe), which a
 * {@link PrintStream} would swallow.
 */
public final class Console {

    /** Large enough that a stream of container output costs one write(2) per 64 KiB. */
    static final int STDOUT_BUFFER = 64 * 1024;

    private final InputStream in;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    public Console(InputStream in, OutputStream stdout, OutputStream stderr) {
        this(in, stdout, stderr, false);
    }

    /** @param terminal whether stdout is a terminal that can take cursor movement (progress bars redrawn in place) */
    public Console(InputStream in, OutputStream stdout, OutputStream stderr, boolean terminal) {
        this.terminal = terminal;
        this.in = in;
        this.stdout = stdout;
        this.stderr = stderr;
        this.out = new PrintStream(stdout, false, StandardCharsets.UTF_8);
        this.err = new PrintStream(stderr, false, StandardCharsets.UTF_8);
    }

    /** The process's own descriptors, bypassing System.out's small buffer and its line flushing. */
    public static Console system() {
        return new Console(
                new FileInputStream(FileDescriptor.in),
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), STDOUT_BUFFER),
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 8 * 1024),
                stdoutIsTerminal(System.getenv("TERM")));
    }

    /**
     * Whether stdout is a terminal worth drawing on: a tty or pty, as {@code /proc} shows descriptor 1, and a {@code TERM}
     * that is not {@code dumb}. (Java 21 has no isatty; {@code System.console()} answers for stdin too.)
     */
    static boolean stdoutIsTerminal(@Nullable String term) {
        if (term == null || term.isEmpty() || term.equals("dumb")) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    public boolean terminal() {
        return terminal;
    }

    public InputStream in() {
        return in;
    }

    public OutputStream stdout() {
        return stdout;
    }

    public OutputStream stderr() {
        return stderr;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public void flush() {
        out.flush();
        err.flush();
    }
}
