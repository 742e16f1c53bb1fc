package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code images}, {@code import} and {@code rmi}: a refused import keeps nothing, and an image is only removed once
 * no container, running or not, is made from it.
 */
@ExtendWith(RealAgent.class)
class ImageIT {

    private final Cli berth;
    private final ContainerNames names;
    private final BaseImage busybox;
    private final Path layers;

    @TempDir
    Path temp;

    ImageIT(Cli berth, ContainerNames names, BaseImage busybox, NodeAgent agent) {
        this.berth = berth;
        this.names = names;
        this.busybox = busybox;
        this.layers = agent.stateDir().resolve("images/layers");
    }

    @Test
    void imagesListsTheBaseImage() {
        String id = berth.inspect(busybox.reference()).path("id").asString();

        CliResult images = berth.run("images");

        assertThat(images.exitCode()).as(images::toString).isZero();
        Map<String, String> row = PrintedTable.parse(images.out()).row("REPOSITORY", "busybox");
        assertThat(row.get("TAG")).isEqualTo("latest");
        assertThat(row.get("IMAGE ID")).isEqualTo(id.substring("sha256:".length(), "sha256:".length() + 12));
    }

    @Test
    void importRefusesATarOfTheRootfsDirectoryInsteadOfItsContents() {
        Path tar = new TarArchive()
                .directory("rootfs/")
                .directory("rootfs/bin/")
                .file("rootfs/bin/tool", "#!/bin/sh\n")
                .file("rootfs/README", "a rootfs, one level too deep\n")
                .writeTo(temp.resolve("wrapped.tar"));

        assertImportRefused(tar, "not a rootfs");
    }

    @Test
    void importRefusesAnEntryThatEscapesTheRoot() {
        Path tar = new TarArchive()
                .directory("bin/")
                .directory("etc/")
                .file("../escape", "outside\n")
                .writeTo(temp.resolve("escape.tar"));

        assertImportRefused(tar, "escapes the root");
    }

    @Test
    void importRefusesAFileThatIsNotATar() throws IOException {
        Path notTar = Files.writeString(temp.resolve("notes.txt"), "these are notes, not a tar archive\n");

        assertImportRefused(notTar, "not a tar");
    }

    @Test
    void rmiRefusesAnImageThatAStoppedContainerUses() {
        berth.run("run", "--name", names.next("uses-busybox"), "busybox", "true").requireSuccess();

        CliResult rmi = berth.run("rmi", busybox.reference());

        assertThat(rmi.exitCode()).as(rmi::toString).isEqualTo(1);
        assertThat(rmi.err()).as(rmi::toString).contains("used by a container");
        assertThat(berth.run("inspect", busybox.reference()).exitCode()).isZero();
    }

    @Test
    void rmiUntagsAndDeletesAnImageNoContainerUses() {
        // Its own config makes its own image id: the busybox image is not touched.
        String mark = ContainerNames.unique("image");
        String tag = mark + ":1";
        CliResult imported = berth.run("import", "--change", "ENV IT_MARK=" + mark, busybox.rootfsTar().toString(),
                tag);
        assertThat(imported.exitCode()).as(imported::toString).isZero();
        assertThat(imported.out()).as(imported::toString).matches("sha256:[0-9a-f]{64}\n");
        String id = imported.out().strip();
        assertThat(PrintedTable.parse(berth.run("images").out()).column("REPOSITORY")).contains(mark);

        CliResult rmi = berth.run("rmi", tag);

        assertThat(rmi.exitCode()).as(rmi::toString).isZero();
        assertThat(rmi.out()).as(rmi::toString).isEqualTo("Untagged: " + tag + "\nDeleted: " + id + "\n");
        assertThat(PrintedTable.parse(berth.run("images").out()).column("REPOSITORY")).doesNotContain(mark);
        assertThat(berth.run("inspect", tag).exitCode()).isEqualTo(1);
    }

    /** The import fails with a message, and neither the image list nor the layers on disk change. */
    private void assertImportRefused(Path tar, String reason) {
        String tag = ContainerNames.unique("refused") + ":1";
        List<String> imagesBefore = berth.run("images", "-q").outLines();
        List<String> layersBefore = listing(layers);

        CliResult imported = berth.run("import", tar.toString(), tag);

        assertThat(imported.exitCode()).as(imported::toString).isEqualTo(1);
        assertThat(imported.err()).as(imported::toString).contains(reason);
        assertThat(imported.out()).as(imported::toString).isEmpty();
        assertThat(berth.run("images", "-q").outLines()).isEqualTo(imagesBefore);
        assertThat(berth.run("inspect", tag).exitCode()).isEqualTo(1);
        assertThat(listing(layers)).isEqualTo(layersBefore);
    }

    private static List<String> listing(Path dir) {
        try (Stream<Path> entries = Files.walk(dir)) {
            return entries.map(dir::relativize).map(Path::toString).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("cannot list " + dir, e);
        }
    }
}
