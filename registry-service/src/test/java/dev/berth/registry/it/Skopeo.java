package dev.berth.registry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's skopeo, run as a user would, against the registry over plain HTTP. */
final class Skopeo {
    private static final Path BINARY = Path.of("/usr/bin/skopeo");

    private Skopeo() {}

    record Result(int exitCode, String output) {}

    /** Runs skopeo with {@code args}; it must succeed. Returns what it printed on stdout. */
    static String run(String... args) {
        Result result = attempt(args);
        assertThat(result.exitCode()).as("skopeo %s:%n%s", String.join(" ", args), result.output()).isZero();
        return result.output();
    }

    static Result attempt(String... args) {
        if (!Files.isExecutable(BINARY)) {
            fail("skopeo is not installed: apt-get install skopeo (deploy/test.sh installs it)");
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--insecure-policy"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("skopeo %s did not finish within 60 s", String.join(" ", args));
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("running skopeo: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
