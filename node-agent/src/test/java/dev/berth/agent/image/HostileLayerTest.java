package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.linux.OpenFlags;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Image layers (which sit on other layers) crafted to escape, to carry devices, or to fill the disk. */
@Timeout(60)
class HostileLayerTest {
    private static final long SMALL = 64 * 1024;

    @TempDir
    Path temp;

    private final RecordingFileSyscalls syscalls = new RecordingFileSyscalls();
    private Path target;
    private Path outside;

    @BeforeEach
    void setUp() throws IOException {
        target = Files.createDirectories(temp.resolve("store")).resolve("layer");
        outside = Files.createDirectory(temp.resolve("outside"));
    }

    private UnpackedLayer unpack(byte[] tar, long maxSize) throws IOException {
        Path file = Files.write(temp.resolve("layer-" + System.nanoTime() + ".tar"), tar);
        return new LayerUnpacker(syscalls, new OverlayWhiteouts(syscalls), LayerUnpacker.Devices.REFUSE, maxSize)
                .unpack(file, target);
    }

    static Stream<Arguments> refusedLayers() {
        return Stream.of(
                refused("a block device", tar -> tar.blockDevice("disk", 8, 0),
                        "entry 'disk' is a block device (8:0) outside /dev; an image layer may not carry device nodes"),
                refused("a character device", tar -> tar.charDevice("mem", 1, 1),
                        "entry 'mem' is a character device (1:1)"),
                refused("a whiteout naming the directory itself", tar -> tar.dir("etc", 0755).file("etc/.wh.", ""),
                        "whiteout 'etc/.wh.' names no file it could hide"),
                refused("a whiteout naming the parent", tar -> tar.dir("etc", 0755).file("etc/.wh..", ""),
                        "whiteout 'etc/.wh..' names no file it could hide"),
                refused("a 0:0 device named to climb", tar -> tar.dir("etc", 0755).charDevice("etc/..", 0, 0),
                        "whiteout 'etc/..' names no file it could hide"),
                refused("an absolute path", tar -> tar.file("/etc/cron.d/evil", "x"), "has an absolute path"),
                refused("a climb out of the root", tar -> tar.file("../../evil", "x"), "escapes the root"),
                refused("a whiteout through a symlink", tar -> tar.symlink("link", "/tmp").file("link/.wh.x", ""),
                        "would be written through the symlink 'link'"),
                refused("a hard link out of the layer", tar -> tar.hardLink("shadow", "../../etc/shadow"),
                        "escapes the root"),
                refused("a file bigger than the layer may be", tar -> tar.file("big", "x".repeat((int) SMALL + 1)),
                        "the layer unpacks to more than 65536 bytes, the limit (berth.agent.images.max-layer-size)"),
                refused("files that are together bigger than the layer may be",
                        tar -> tar.file("a", "x".repeat((int) SMALL / 2 + 1)).file("b", "x".repeat((int) SMALL / 2)),
                        "refused at entry 'b'"));
    }

    private static Arguments refused(String what, Function<TarBuilder, TarBuilder> archive, String message) {
        return Arguments.of(what, archive, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedLayers")
    void refusesAndLeavesNothingInsideOrOutside(String what, Function<TarBuilder, TarBuilder> archive, String message)
            throws IOException {
        byte[] bad = archive.apply(new TarBuilder().file("first", "made before the bad entry")).build();

        assertThatThrownBy(() -> unpack(bad, SMALL))
                .isInstanceOf(InvalidLayerException.class)
                .hasMessageContaining(message);
        assertThat(target).doesNotExist();
        assertThat(temp.resolve("store")).isEmptyDirectory();
        assertThat(outside).isEmptyDirectory();
        assertThat(temp.resolve("evil")).doesNotExist();
        assertThat(syscalls.calls("mknod")).allMatch(call -> call.contains(", 20000, 0)"));
    }

    @Test
    void aCharacterDeviceZeroZeroIsAnOverlayWhiteout() throws IOException {
        UnpackedLayer layer = unpack(new TarBuilder().dir("etc", 0755).charDevice("etc/motd", 0, 0).build(), SMALL);

        Path motd = target.resolve("etc/motd");
        assertThat((int) Files.getAttribute(motd, "unix:mode", LinkOption.NOFOLLOW_LINKS) & OpenFlags.S_IFMT)
                .isEqualTo(OpenFlags.S_IFCHR);
        assertThat(layer.whiteouts()).isEqualTo(1);
        assertThat(layer.skippedDevices()).isZero();
    }

    @Test
    void devicesOfAnImportedRootfsUnderDevAreSkipped() throws IOException {
        UnpackedLayer layer = unpack(new TarBuilder().dir("dev", 0755).charDevice("dev/null", 1, 3)
                .blockDevice("dev/sda", 8, 0).build(), SMALL);

        assertThat(target.resolve("dev")).isEmptyDirectory();
        assertThat(layer.skippedDevices()).isEqualTo(2);
    }

    @Test
    void aWhiteoutOfAFileOfTheSameLayerLeavesTheFile() throws IOException {
        unpack(new TarBuilder().file("motd", "kept").file(".wh.motd", "").build(), SMALL);

        assertThat(target.resolve("motd")).hasContent("kept");
    }

    @Test
    void skipsAufsMetadataAsDockerDoes() throws IOException {
        unpack(new TarBuilder().dir(".wh..wh.plnk", 0700).file(".wh..wh.plnk/123.456", "x")
                .file(".wh..wh.aufs", "").file("kept", "k").build(), SMALL);

        try (Stream<Path> files = Files.list(target)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("kept");
        }
    }

    @Test
    void keepsUserXattrsAndFileCapabilitiesAndDropsOverlayOnes() throws IOException {
        String capability = Base64.getEncoder().encodeToString(new byte[] {1, 0, 0, 2, (byte) 0x80, 0x20});
        unpack(new TarBuilder().fileWithPax("ping", "icmp", Map.of(
                "SCHILY.xattr.user.note", "hello",
                "LIBARCHIVE.xattr.security.capability", capability,
                "SCHILY.xattr.trusted.overlay.redirect", "/etc",
                "SCHILY.xattr.trusted.overlay.opaque", "y",
                "SCHILY.xattr.security.selinux", "system_u:object_r:bin_t")).build(), SMALL);

        String ping = target.resolve("ping").toString();
        assertThat(syscalls.getXattr(ping, "user.note")).hasValueSatisfying(
                value -> assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("hello"));
        assertThat(syscalls.getXattr(ping, "security.capability")).hasValueSatisfying(
                value -> assertThat(value).containsExactly(1, 0, 0, 2, 0x80, 0x20));
        assertThat(syscalls.listXattrs(ping)).containsExactlyInAnyOrder("user.note", "security.capability");
        // After lchown, which would drop a capability.
        assertThat(syscalls.calls().indexOf("lchown(" + ping + ", 0, 0)"))
                .isLessThan(syscalls.calls().stream().filter(c -> c.startsWith("lsetxattr(" + ping)).map(
                        c -> syscalls.calls().indexOf(c)).min(Integer::compare).orElseThrow());
    }

    @Test
    void aRootfsImportStillSkipsDevices() throws IOException {
        Path file = Files.write(temp.resolve("rootfs.tar"), TarBuilder.rootfs().build());

        UnpackedLayer layer = new LayerUnpacker(syscalls, Whiteouts.SKIP).unpack(file, target);

        assertThat(layer.skippedDevices()).isEqualTo(2);
        assertThat(target.resolve("dev")).isEmptyDirectory();
    }

    @Test
    void aGzipBombStopsAtTheLimitWhileSpooling() throws IOException {
        // 1 MiB of zeros in a tar compresses to about a kilobyte.
        byte[] bomb = TarBuilder.gzip(new TarBuilder().file("zeros", new byte[1 << 20], 0644).build());
        assertThat(bomb.length).isLessThan(8 * 1024);
        Path spool = temp.resolve("spool.tar");

        assertThatThrownBy(() -> SpooledTar.spool(new ByteArrayInputStream(bomb), spool, SMALL))
                .isInstanceOf(InvalidLayerException.class)
                .hasMessage("the layer is larger than 65536 bytes once decompressed, the limit"
                        + " (berth.agent.images.max-layer-size)");
    }

    @Test
    void aStoreWithASmallLimitRefusesABiggerImportAndKeepsNothing() throws IOException {
        LocalImageStore store = new LocalImageStore(temp.resolve("images"), syscalls,
                new TickingClock(TarBuilder.MTIME), SMALL);
        InputStream bomb = new ByteArrayInputStream(TarBuilder.gzip(
                new TarBuilder().dir("bin", 0755).file("bin/zeros", new byte[1 << 20], 0644).build()));

        assertThatThrownBy(() -> store.importRootfs(bomb, ImageRef.parse("bomb:1")))
                .isInstanceOf(InvalidLayerException.class).hasMessageContaining("larger than 65536 bytes");
        assertThat(store.list()).isEmpty();
        try (Stream<Path> files = Files.walk(temp.resolve("images"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

}
