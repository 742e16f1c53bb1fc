package dev.berth.cli.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code bin/berth} process on a real terminal ({@link Cli#startOnTerminal}): the test types into it, reads the
 * screen's bytes, resizes the terminal as a terminal emulator would (the kernel then sends the foreground process
 * SIGWINCH), and reads the terminal modes before and after.
 */
final class TerminalSession implements AutoCloseable {
    private final Process script;
    private final OutputCapture screen;
    private final OutputStream keyboard;
    private final Path modes;

    TerminalSession(Cli cli, Path modes, int rows, int columns, String... args) {
        this.modes = modes;
        this.script = cli.startOnTerminal("stty rows " + rows + " cols " + columns, modes, args);
        this.screen = new OutputCapture(script.getInputStream(), "terminal-" + script.pid());
        this.keyboard = script.getOutputStream();
    }

    void type(String keys) {
        type(keys.getBytes(StandardCharsets.UTF_8));
    }

    void type(byte... keys) {
        try {
            keyboard.write(keys);
            keyboard.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the terminal is gone; it showed:\n" + screen.text(), e);
        }
    }

    String screen() {
        return screen.text();
    }

    /** Waits until the screen shows {@code text} {@code times} times in all. */
    void await(String text, int times, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(screen.text(), text) < times) {
            if (System.nanoTime() > deadline || !script.isAlive() && count(screen.awaitEnd(), text) < times) {
                throw new AssertionError("expected \"" + text + "\" " + times + " times on the terminal; it shows:\n"
                        + screen.text());
            }
            sleep(20);
        }
    }

    void await(String text, Duration timeout) {
        await(text, 1, timeout);
    }

    /** Changes the terminal's size from outside, as a window being resized does. */
    void resize(int rows, int columns) throws Exception {
        String tty = terminalOfTheCli().orElseThrow(() -> new AssertionError("cannot find the CLI's terminal"));
        Process stty = new ProcessBuilder("stty", "-F", tty, "rows", "" + rows, "cols", "" + columns)
                .redirectErrorStream(true).start();
        if (!stty.waitFor(5, TimeUnit.SECONDS) || stty.exitValue() != 0) {
            throw new AssertionError("stty -F " + tty + " failed: " + new String(stty.getInputStream().readAllBytes()));
        }
    }

    private Optional<String> terminalOfTheCli() {
        return script.descendants().map(p -> Path.of("/proc/" + p.pid() + "/fd/0")).flatMap(fd -> {
            try {
                return java.util.stream.Stream.of(Files.readSymbolicLink(fd).toString());
            } catch (IOException e) {
                return java.util.stream.Stream.empty();
            }
        }).filter(target -> target.startsWith("/dev/pts/")).findFirst();
    }

    /** Waits for the CLI to end; its exit code (script -e passes it on). */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!script.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the CLI did not end within " + timeout + "; the terminal shows:\n"
                    + screen.text());
        }
        screen.awaitEnd();
        return script.exitValue();
    }

    /** The terminal's modes ({@code stty -g}) before the CLI started and after it ended. */
    List<String> modesBeforeAndAfter() throws IOException {
        return Files.readAllLines(modes);
    }

    private static int count(String haystack, String needle) {
        int count = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            count++;
        }
        return count;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (script.isAlive()) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }
    }
}
