package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.linux.LinuxSyscalls;
import dev.berth.agent.linux.OpenFlags;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container's upperdir as overlayfs leaves it (whiteouts are real 0:0 character devices, which Linux 5.8+ lets any
 * user make; the opaque xattr is kept by the recording fake, since trusted.* needs root), diffed and written as a tar.
 */
class LayerDiffTest {
    private static final Set<String> MOUNTPOINTS = Set.of("/etc/hosts");

    @TempDir
    Path temp;

    private final RecordingFileSyscalls syscalls = new RecordingFileSyscalls();
    private final LinuxSyscalls real = new LinuxSyscalls();
    private Path lower;
    private Path upper;

    @BeforeEach
    void setUp() throws IOException {
        lower = Files.createDirectory(temp.resolve("lower"));
        write(lower, "etc/passwd", "root:x:0:0::/root:/bin/sh\n");
        write(lower, "etc/group", "root:x:0:\n");
        write(lower, "var/log/old.log", "old\n");
        write(lower, "var/lib/keep", "keep\n");
        write(lower, "bin/busybox", "#!busybox\n");
        Files.createSymbolicLink(lower.resolve("bin/sh"), Path.of("/bin/busybox"));
        upper = Files.createDirectory(temp.resolve("upper"));
    }

    private static Path write(Path root, String name, String content) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private void whiteout(String name) throws IOException {
        Path path = upper.resolve(name);
        Files.createDirectories(path.getParent());
        real.mknod(path.toString(), OpenFlags.S_IFCHR, 0);
    }

    private void opaque(String name) throws IOException {
        Path dir = Files.createDirectories(upper.resolve(name));
        syscalls.setXattr(dir.toString(), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
    }

    private LayerDiff diff() {
        return new LayerDiff(upper, List.of(lower), MOUNTPOINTS, syscalls);
    }

    /** A container that edited a file, deleted one, added a tree, emptied a directory and wrote into it again. */
    private void typicalChanges() throws IOException {
        write(upper, "etc/passwd", "root:x:0:0::/root:/bin/sh\nuser:x:1000:1000::/home:/bin/sh\n");
        write(upper, "etc/hosts", ""); // the runtime's mountpoint
        whiteout("etc/group");
        write(upper, "srv/app/run.sh", "#!/bin/sh\n");
        opaque("var");
        write(upper, "var/fresh", "new\n");
        Files.createDirectories(upper.resolve("var/lib"));
    }

    @Test
    void listsAddedChangedAndDeletedPathsWithTheirParentsAsDockerDiffDoes() throws IOException {
        typicalChanges();

        assertThat(diff().changes()).extracting(change -> change.kind() + " " + change.path()).containsExactly(
                "C /etc",
                "D /etc/group",
                "C /etc/passwd",
                "A /srv",
                "A /srv/app",
                "A /srv/app/run.sh",
                "C /var",
                "A /var/fresh",
                "C /var/lib",
                "D /var/lib/keep",
                "D /var/log");
    }

    @Test
    void aLayerWithOnlyTheRuntimesMountpointsHasNoChanges() throws IOException {
        write(upper, "etc/hosts", "");

        assertThat(diff().changes()).isEmpty();
    }

    @Test
    void aWhiteoutOfWhatNoLayerHasIsNoChange() throws IOException {
        whiteout("tmp-file-created-and-deleted");

        assertThat(diff().changes()).isEmpty();
    }

    @Test
    void aLowerWhiteoutOrOpaqueDirectoryHidesTheLayersBelowIt() throws IOException {
        Path top = Files.createDirectory(temp.resolve("top"));
        real.mknod(Files.createDirectories(top.resolve("etc")).resolve("group").toString(), OpenFlags.S_IFCHR, 0);
        Files.createDirectories(top.resolve("var"));
        syscalls.setXattr(top.resolve("var").toString(), "trusted.overlay.opaque", "y".getBytes());
        write(upper, "etc/group", "again\n");
        opaque("var");

        List<Change> changes = new LayerDiff(upper, List.of(top, lower), MOUNTPOINTS, syscalls).changes();

        // etc/group was deleted by the top layer, so writing it adds it; var was already empty there.
        assertThat(changes).extracting(change -> change.kind() + " " + change.path())
                .containsExactly("C /etc", "A /etc/group", "C /var");
    }

    @Test
    void writesOciWhiteoutsAndOpaqueMarkersInNameOrder() throws IOException {
        typicalChanges();

        Map<String, TarArchiveEntry> entries = entries(tar());

        assertThat(entries.keySet()).containsExactly("etc/", "etc/.wh.group", "etc/passwd", "srv/", "srv/app/",
                "srv/app/run.sh", "var/", "var/.wh..wh..opq", "var/fresh", "var/lib/");
        assertThat(entries.get("etc/.wh.group").isFile()).isTrue();
        assertThat(entries.get("etc/.wh.group").getSize()).isZero();
        assertThat(entries.get("var/.wh..wh..opq").isFile()).isTrue();
        assertThat(entries.get("var/").getExtraPaxHeaders()).doesNotContainKey("SCHILY.xattr.trusted.overlay.opaque");
    }

    @Test
    void keepsModesOwnersTimesLinksAndXattrsButOverlaysOwn() throws IOException {
        Path tool = write(upper, "opt/tool", "binary\n");
        real.chmod(tool.toString(), 04755);
        Files.setLastModifiedTime(tool, java.nio.file.attribute.FileTime.from(TarBuilder.MTIME));
        Files.createLink(upper.resolve("opt/tool-again"), tool);
        Files.createSymbolicLink(upper.resolve("opt/sh"), Path.of("/bin/busybox"));
        real.mknod(upper.resolve("opt/fifo").toString(), OpenFlags.S_IFIFO | 0600, 0);
        syscalls.setXattr(tool.toString(), "user.note", "hello".getBytes(StandardCharsets.UTF_8));
        syscalls.setXattr(tool.toString(), "security.capability", new byte[] {1, 0, 0, 2, (byte) 0x80, 0x20});
        syscalls.setXattr(tool.toString(), "trusted.overlay.origin", new byte[] {0, 1});

        Map<String, TarArchiveEntry> entries = entries(tar());

        TarArchiveEntry file = entries.get("opt/tool");
        assertThat(file.getMode() & 07777).isEqualTo(04755);
        assertThat(file.getLastModifiedTime().toInstant()).isEqualTo(TarBuilder.MTIME);
        assertThat(file.getExtraPaxHeaders()).containsEntry("SCHILY.xattr.user.note", "hello")
                .doesNotContainKey("SCHILY.xattr.trusted.overlay.origin");
        assertThat(TarXattrs.read(file).get("security.capability")).containsExactly(1, 0, 0, 2, 0x80, 0x20);
        assertThat(entries.get("opt/tool-again").isLink()).isTrue();
        assertThat(entries.get("opt/tool-again").getLinkName()).isEqualTo("opt/tool");
        assertThat(entries.get("opt/sh").isSymbolicLink()).isTrue();
        assertThat(entries.get("opt/sh").getLinkName()).isEqualTo("/bin/busybox");
        assertThat(entries.get("opt/fifo").isFIFO()).isTrue();
    }

    @Test
    void leavesDeviceNodesOut() throws IOException {
        Files.createDirectories(upper.resolve("dev"));
        real.mknod(upper.resolve("dev/null").toString(), OpenFlags.S_IFCHR | 0666, (1 << 8) | 3);

        assertThat(entries(tar()).keySet()).containsExactly("dev/");
    }

    @Test
    void theSameLayerGivesTheSameTar() throws IOException {
        typicalChanges();

        assertThat(tar()).isEqualTo(tar());
    }

    @Test
    void theTarUnpacksIntoTheOverlayFormAgain() throws IOException {
        typicalChanges();
        Path tar = Files.write(temp.resolve("layer.tar"), tar());
        Path target = temp.resolve("unpacked");

        UnpackedLayer layer = new LayerUnpacker(syscalls, new OverlayWhiteouts(syscalls),
                LayerUnpacker.Devices.REFUSE, LayerUnpacker.DEFAULT_MAX_SIZE).unpack(tar, target);

        Path group = target.resolve("etc/group");
        assertThat((int) Files.getAttribute(group, "unix:mode", LinkOption.NOFOLLOW_LINKS) & OpenFlags.S_IFMT)
                .isEqualTo(OpenFlags.S_IFCHR);
        assertThat((long) Files.getAttribute(group, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).isZero();
        assertThat(syscalls.getXattr(target.resolve("var").toString(), "trusted.overlay.opaque"))
                .hasValueSatisfying(value -> assertThat(new String(value, StandardCharsets.US_ASCII)).isEqualTo("y"));
        assertThat(target.resolve("var/fresh")).hasContent("new");
        assertThat(layer.whiteouts()).isEqualTo(2);
    }

    private byte[] tar() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        diff().writeTar(out);
        return out.toByteArray();
    }

    static Map<String, TarArchiveEntry> entries(byte[] tar) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), entry);
            }
        }
        return entries;
    }

    static List<String> names(byte[] tar) throws IOException {
        return new ArrayList<>(entries(tar).keySet());
    }
}
