package dev.berth.cli.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code bin/berth} process that is still running, such as {@code logs -f} or an attached {@code run}: the test can
 * watch its stdout grow before it ends.
 */
final class RunningCli implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(20);

    private final List<String> args;
    private final Process process;
    private final OutputCapture out;
    private final OutputCapture err;
    private final long startedNanos;

    RunningCli(List<String> args, Process process) {
        this.args = List.copyOf(args);
        this.process = process;
        this.startedNanos = System.nanoTime();
        this.out = new OutputCapture(process.getInputStream(), "berth-stdout-" + process.pid());
        this.err = new OutputCapture(process.getErrorStream(), "berth-stderr-" + process.pid());
    }

    boolean isRunning() {
        return process.isAlive();
    }

    String stdout() {
        return out.text();
    }

    /** Returns once stdout contains {@code text}; fails if the process ends, or the time passes, without it. */
    void awaitStdout(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!out.text().contains(text)) {
            if (!process.isAlive()) {
                throw new AssertionError("expected \"" + text + "\" on stdout before the end of "
                        + result(process.exitValue()));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected \"" + text + "\" on stdout within " + timeout.toMillis()
                        + " ms of berth " + String.join(" ", args) + "\n--- stdout so far\n" + out.text()
                        + "--- stderr so far\n" + err.text() + "---");
            }
            pause();
        }
    }

    /** Sends the CLI SIGTERM, as {@code kill PID} or a service manager would. */
    void terminate() {
        // Through the handle: Process.destroy() would also close our end of the CLI's pipes, losing what follows.
        process.toHandle().destroy();
    }

    /** Waits for the process to end; one that takes longer than {@code timeout} is killed and fails the test. */
    CliResult finish(Duration timeout) {
        boolean ended;
        try {
            ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new AssertionError("interrupted while waiting for berth " + String.join(" ", args), e);
        }
        if (!ended) {
            close();
            throw new AssertionError("killed after " + timeout.toMillis() + " ms: " + result(-1));
        }
        return result(process.exitValue());
    }

    private CliResult result(int exitCode) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
        return new CliResult(args, exitCode, out.awaitEnd(), err.awaitEnd(), elapsed);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for output", e);
        }
    }
}
