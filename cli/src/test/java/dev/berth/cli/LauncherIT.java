package dev.berth.cli;

import static dev.berth.cli.FakeAgent.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/berth} as a user does, as a separate process on the packaged jar: it finds the repository from its
 * own location (through a symlink too), writes its class-data archive into the cache, and reports a missing build.
 */
class LauncherIT {

    private static final Path REPOSITORY = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path LAUNCHER = REPOSITORY.resolve("bin/berth");

    @TempDir
    Path temp;

    private FakeAgent agent;

    @BeforeEach
    void startAgent() throws IOException {
        agent = new FakeAgent();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    private record Result(int exitCode, String out, String err) {
    }

    private Result launch(Path launcher, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(temp.resolve("out").toFile())
                .redirectError(temp.resolve("err").toFile());
        builder.environment().put("XDG_CACHE_HOME", temp.resolve("cache").toString());
        builder.environment().put("HOME", temp.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bin/berth finished").isTrue();
        return new Result(process.exitValue(), Files.readString(temp.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(temp.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void runsTheBuiltJarAndKeepsAClassDataArchive() throws Exception {
        agent.on("GET", "/v1/containers", json(200, "[{\"id\": \"" + "e".repeat(64) + "\", \"name\": \"web\"}]"));

        Result help = launch(LAUNCHER, Map.of(), "--help");
        Result ps = launch(LAUNCHER, Map.of("BERTH_HOST", agent.url()), "ps", "-q");

        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(help.out()).contains("Usage:  berth [OPTIONS] COMMAND");
        assertThat(ps.exitCode()).as(ps.err()).isZero();
        assertThat(ps.out()).isEqualTo("eeeeeeeeeeee\n");
        try (var archives = Files.list(temp.resolve("cache/berth"))) {
            assertThat(archives.map(path -> path.getFileName().toString()))
                    .singleElement().asString().startsWith("cli-").endsWith(".jsa");
        }
    }

    @Test
    void worksThroughASymlink() throws Exception {
        Path link = Files.createSymbolicLink(temp.resolve("berth"), LAUNCHER);

        Result version = launch(link, Map.of("BERTH_HOST", RunEndToEndTest.closedPortUrl()), "version");

        assertThat(version.exitCode()).isEqualTo(1);
        assertThat(version.out()).startsWith("Client:\n Version:      0.1.0");
        assertThat(version.err()).contains("cannot reach the node agent at http://127.0.0.1:");
    }

    @Test
    void saysHowToBuildWhenTheJarIsMissing() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("checkout/bin"));
        Path launcher = Files.copy(LAUNCHER, bin.resolve("berth"));

        Result result = launch(launcher, Map.of(), "ps");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("berth: the CLI is not built; run deploy/up.sh or mvn -pl cli package\n");
    }
}
