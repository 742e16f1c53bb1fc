package dev.berth.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts the PostgreSQL cluster that deploy/test.sh runs (Debian's newest cluster named main), as an outage
 * of the database would, for tests that prove nothing is lost meanwhile.
 */
final class Postgres {

    private Postgres() {
    }

    static void stop() {
        ctl("stop", "-m", "fast");
    }

    /** Starts the cluster and returns once it accepts connections. */
    static void start() {
        // pg_ctlcluster has been seen to exit with 1 while the server it started came up at once (its log says
        // "ready to accept connections"): whether PostgreSQL serves is what counts, so its status is only reported.
        List<String> command = command("start");
        int status = run(command);
        for (int i = 0; i < 150; i++) {
            if (run(List.of("pg_isready", "-q", "-h", "127.0.0.1")) == 0) {
                return;
            }
            sleep();
        }
        throw new IllegalStateException("PostgreSQL does not accept connections 30 s after "
                + String.join(" ", command) + ", which exited with " + status);
    }

    private static List<String> command(String... action) {
        String version = output(List.of("sh", "-c", "pg_lsclusters -h | awk '$2 == \"main\" { print $1 }' "
                + "| sort -V | tail -n 1")).strip();
        List<String> command = new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect",
                version, "main"));
        command.addAll(List.of(action));
        return command;
    }

    private static void ctl(String... action) {
        List<String> command = command(action);
        int status = run(command);
        if (status != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + status);
        }
    }

    private static int run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 60 s");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String output(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).start();
            String out = new String(process.getInputStream().readAllBytes());
            process.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
