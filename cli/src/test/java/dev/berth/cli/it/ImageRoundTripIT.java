package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image's whole round trip through the CLI, as a user types it: a container's changes listed ({@code diff}),
 * committed with a new command ({@code commit}), its making shown ({@code history}), named again ({@code tag}),
 * written to a file ({@code save}), removed, read back ({@code load}) and run.
 */
@ExtendWith(RealAgent.class)
class ImageRoundTripIT {

    private final Cli berth;
    private final ContainerNames names;

    @TempDir
    Path temp;

    ImageRoundTripIT(Cli berth, ContainerNames names) {
        this.berth = berth;
        this.names = names;
    }

    @Test
    void diffCommitHistoryTagSaveLoadAndRun() throws Exception {
        String container = names.next("commit");
        String repository = ContainerNames.unique("committed");
        berth.run("run", "--name", container, "busybox", "sh", "-c",
                "echo from-the-container > /greeting && rm /etc/group").requireSuccess();

        CliResult diff = berth.run("diff", container).requireSuccess();
        assertThat(diff.outLines()).containsExactly("C /etc", "D /etc/group", "A /greeting");

        CliResult commit = berth.run("commit", "-m", "a greeting", "-c", "CMD [\"cat\", \"/greeting\"]", container,
                repository + ":1").requireSuccess();
        assertThat(commit.out()).matches("sha256:[0-9a-f]{64}\n");
        String id = commit.out().strip();
        assertThat(berth.run("run", "--rm", repository + ":1").requireSuccess().out())
                .isEqualTo("from-the-container\n");

        CliResult history = berth.run("history", repository + ":1").requireSuccess();
        List<Map<String, String>> steps = PrintedTable.parse(history.out()).rows();
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).get("IMAGE")).isEqualTo(id.substring(7, 19));
        assertThat(steps.get(0).get("CREATED BY")).isEqualTo("sh -c echo from-the-container > /greeting &&…");
        assertThat(steps.get(0).get("COMMENT")).isEqualTo("a greeting");
        assertThat(steps.get(1).get("CREATED BY")).isEqualTo("berth import");
        assertThat(berth.run("history", "--no-trunc", "-q", repository + ":1").outLines().getFirst()).isEqualTo(id);

        berth.run("tag", repository + ":1", repository + ":copy").requireSuccess();
        assertThat(berth.inspect(repository + ":copy").path("id").asString()).isEqualTo(id);

        Path archive = temp.resolve("images.tar");
        berth.run("save", "-o", archive.toString(), repository + ":1", repository + ":copy").requireSuccess();
        assertThat(Files.size(archive)).isPositive();

        berth.run("rm", container).requireSuccess();
        berth.run("rmi", repository + ":1", repository + ":copy").requireSuccess();
        assertThat(berth.run("inspect", repository + ":1").exitCode()).isEqualTo(1);

        CliResult load = berth.run("load", "-i", archive.toString()).requireSuccess();
        assertThat(load.outLines()).containsExactly("Loaded image: " + repository + ":1",
                "Loaded image: " + repository + ":copy");
        assertThat(berth.inspect(repository + ":1").path("id").asString()).isEqualTo(id);
        assertThat(berth.run("run", "--rm", repository + ":copy").requireSuccess().out())
                .isEqualTo("from-the-container\n");
        berth.run("rmi", repository + ":1", repository + ":copy").requireSuccess();
    }

    @Test
    void loadRefusesAnArchiveThatIsNotOne() throws Exception {
        Path bogus = Files.writeString(temp.resolve("bogus.tar"), "this is not an image archive\n".repeat(30));
        List<String> before = berth.run("images", "-q").outLines();

        CliResult load = berth.run("load", "-i", bogus.toString());

        assertThat(load.exitCode()).as(load::toString).isEqualTo(1);
        assertThat(load.err()).contains("not a tar archive");
        assertThat(berth.run("images", "-q").outLines()).isEqualTo(before);
    }
}
