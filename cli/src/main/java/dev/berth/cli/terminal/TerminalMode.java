package dev.berth.cli.terminal;

import dev.berth.cli.CliException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The local terminal, through {@code stty} on {@code /dev/tty} (the JDK has no termios): raw mode for the length of a
 * session, so that every key (Ctrl-C too) goes to the container as a byte and the container's terminal does the
 * echoing and line editing; and its size. The mode is restored on {@link #close}, and by a shutdown hook if the CLI is
 * ended by a signal meanwhile.
 */
public final class TerminalMode implements AutoCloseable {
    private static final File TTY = new File("/dev/tty");

    private final String saved;
    private final Thread restoreOnExit;
    private boolean restored;

    private TerminalMode(String saved) {
        this.saved = saved;
        this.restoreOnExit = new Thread(this::restore, "berth-restore-terminal");
        Runtime.getRuntime().addShutdownHook(restoreOnExit);
    }

    /** Whether the CLI's stdin is a terminal, as {@code /proc} shows descriptor 0. */
    public static boolean stdinIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Saves the terminal's mode and makes it raw, without echo. */
    public static TerminalMode raw() {
        String saved = stty("-g").strip();
        stty("raw", "-echo");
        return new TerminalMode(saved);
    }

    /** The terminal's size as {rows, columns}, or null when it cannot be told. */
    public static int @Nullable [] size() {
        try {
            String[] words = stty("size").strip().split("\\s+");
            int rows = Integer.parseInt(words[0]);
            int columns = Integer.parseInt(words[1]);
            return rows > 0 && columns > 0 ? new int[] {rows, columns} : null;
        } catch (RuntimeException e) {
            // No terminal (CliException from stty), or an answer that is not two numbers.
            return null;
        }
    }

    private synchronized void restore() {
        if (!restored) {
            restored = true;
            try {
                stty(saved);
            } catch (CliException e) {
                // The terminal is gone (the window was closed): nothing to restore.
            }
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException e) {
            // Shutting down: the hook runs, or has run, restore itself.
        }
    }

    private static String stty(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("stty"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectInput(TTY)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new CliException("stty " + String.join(" ", args) + " failed on /dev/tty");
            }
            return out;
        } catch (IOException e) {
            throw new CliException("cannot run stty on /dev/tty: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while setting the terminal's mode");
        }
    }
}
