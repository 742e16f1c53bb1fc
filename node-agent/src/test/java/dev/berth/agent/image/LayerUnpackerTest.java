package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.linux.OpenFlags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

// A hang here is a bug (opening a FIFO blocks), so it must fail rather than stall the build.
@Timeout(30)
class LayerUnpackerTest {
    @TempDir
    Path temp;

    private final RecordingFileSyscalls syscalls = new RecordingFileSyscalls();
    private final LayerUnpacker unpacker = new LayerUnpacker(syscalls, Whiteouts.SKIP);
    private Path target;
    private Path outside;

    @BeforeEach
    void setUp() throws IOException {
        target = temp.resolve("store").resolve("layer");
        Files.createDirectories(target.getParent());
        outside = Files.createDirectory(temp.resolve("outside"));
    }

    private UnpackedLayer unpack(byte[] tar) throws IOException {
        Path file = temp.resolve("layer-" + System.nanoTime() + ".tar");
        Files.write(file, tar);
        return unpacker.unpack(file, target);
    }

    private static int mode(Path path) throws IOException {
        return (int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void unpacksRegularFilesDirectoriesAndLinksWithTheirModes() throws IOException {
        UnpackedLayer layer = unpack(TarBuilder.rootfs().build());

        assertThat(target.resolve("bin/busybox")).hasContent("#!busybox");
        assertThat(mode(target.resolve("bin/busybox")) & 07777).isEqualTo(0755);
        assertThat(Files.readSymbolicLink(target.resolve("bin/sh"))).isEqualTo(Path.of("/bin/busybox"));
        assertThat(Files.isSameFile(target.resolve("bin/busybox-link"), target.resolve("bin/busybox"))).isTrue();
        assertThat((int) Files.getAttribute(target.resolve("bin/busybox"), "unix:nlink")).isEqualTo(2);
        assertThat(mode(target) & 07777).isEqualTo(0755);
        // Two content bytes counted once for the hard link: busybox, passwd tool, etc/passwd, .profile, inside.
        assertThat(layer.size()).isEqualTo(Stream.of("#!busybox\n", "setuid tool\n",
                "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n", "export PS1='$ '\n",
                "filled after all\n").mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length).sum());
    }

    @Test
    void keepsSetuidAndStickyBitsAndFillsReadOnlyDirectories() throws IOException {
        unpack(TarBuilder.rootfs().build());

        assertThat(mode(target.resolve("usr/bin/passwd")) & 07777).isEqualTo(04755);
        assertThat(mode(target.resolve("tmp")) & 07777).isEqualTo(01777);
        assertThat(mode(target.resolve("readonly")) & 07777).isEqualTo(0555);
        assertThat(target.resolve("readonly/inside")).hasContent("filled after all");
        assertThat(mode(target.resolve("readonly/inside")) & 07777).isEqualTo(0444);
    }

    @Test
    void changesOwnerBeforeModeSoThatSetuidSurvives() throws IOException {
        unpack(TarBuilder.rootfs().build());

        String passwd = target.resolve("usr/bin/passwd").toString();
        List<String> calls = syscalls.calls();
        int chown = calls.indexOf("lchown(" + passwd + ", 0, 0)");
        int chmod = calls.indexOf("chmod(" + passwd + ", 4755)");
        assertThat(chown).isNotNegative();
        assertThat(chmod).isGreaterThan(chown);
    }

    @Test
    void setsOwnershipFromTheArchiveIncludingOfSymlinks() throws IOException {
        unpack(TarBuilder.rootfs().build());

        assertThat(syscalls.calls("lchown")).contains(
                "lchown(" + target.resolve("home/user") + ", 1000, 1000)",
                "lchown(" + target.resolve("home/user/.profile") + ", 1000, 1000)",
                "lchown(" + target.resolve("bin/sh") + ", 0, 0)");
        // A symlink's mode means nothing and chmod would follow it to its target.
        assertThat(syscalls.calls("chmod(" + target.resolve("bin/sh"))).isEmpty();
    }

    @Test
    void makesFifosAndSkipsDevices() throws IOException {
        UnpackedLayer layer = unpack(TarBuilder.rootfs().build());

        Path fifo = target.resolve("run/initctl");
        assertThat(mode(fifo) & OpenFlags.S_IFMT).isEqualTo(OpenFlags.S_IFIFO);
        assertThat(mode(fifo) & 07777).isEqualTo(0600);
        assertThat(target.resolve("dev")).isEmptyDirectory();
        assertThat(layer.skippedDevices()).isEqualTo(2);
    }

    @Test
    void keepsModificationTimesOfFilesDirectoriesAndSymlinks() throws IOException {
        unpack(TarBuilder.rootfs().build());

        FileTime expected = FileTime.from(TarBuilder.MTIME);
        assertThat(Files.getLastModifiedTime(target.resolve("bin/busybox"))).isEqualTo(expected);
        // Directories get theirs after their entries are made, which would otherwise move it.
        assertThat(Files.getLastModifiedTime(target.resolve("bin"))).isEqualTo(expected);
        assertThat(Files.getLastModifiedTime(target.resolve("bin/sh"), LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(expected);
    }

    @Test
    void makesMissingParentDirectoriesWithTarDefaults() throws IOException {
        unpack(new TarBuilder().file("opt/app/bin/run", "x", 0755).build());

        assertThat(target.resolve("opt/app/bin/run")).hasContent("x");
        assertThat(mode(target.resolve("opt/app")) & 07777).isEqualTo(0755);
    }

    @Test
    void readsGnuAndPaxLongNames() throws IOException {
        String longDir = "usr/share/" + "d".repeat(90) + "/" + "e".repeat(60);
        String longFile = longDir + "/" + "f".repeat(120) + ".txt";
        for (int mode : new int[] {TarArchiveOutputStream.LONGFILE_GNU, TarArchiveOutputStream.LONGFILE_POSIX}) {
            FileTrees.delete(target);
            unpack(new TarBuilder(mode)
                    .file(longFile, "long")
                    .symlink("lib/link", "/" + longFile)
                    .hardLink("lib/hard", longFile)
                    .build());

            assertThat(target.resolve(longFile)).hasContent("long");
            assertThat(Files.readSymbolicLink(target.resolve("lib/link"))).isEqualTo(Path.of("/" + longFile));
            assertThat(Files.isSameFile(target.resolve("lib/hard"), target.resolve(longFile))).isTrue();
        }
    }

    @Test
    void aLaterFileReplacesAnEarlierOne() throws IOException {
        unpack(new TarBuilder()
                .file("etc/motd", "first")
                .file("etc/motd", "second", 0600)
                .symlink("etc/link", "/a")
                .symlink("etc/link", "/b")
                .build());

        assertThat(target.resolve("etc/motd")).hasContent("second");
        assertThat(mode(target.resolve("etc/motd")) & 07777).isEqualTo(0600);
        assertThat(Files.readSymbolicLink(target.resolve("etc/link"))).isEqualTo(Path.of("/b"));
    }

    @Test
    void aDirectoryEntryReplacesAnEarlierSymlinkAndItsContentStaysInside() throws IOException {
        unpack(new TarBuilder()
                .symlink("data", outside.toString())
                .dir("data", 0755)
                .file("data/file", "inside")
                .build());

        assertThat(Files.isSymbolicLink(target.resolve("data"))).isFalse();
        assertThat(target.resolve("data/file")).hasContent("inside");
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void aDirectoryEntryOverAnExistingDirectoryUpdatesItsMode() throws IOException {
        unpack(new TarBuilder().dir("srv", 0755).file("srv/a", "a").dir("srv", 0700).build());

        assertThat(target.resolve("srv/a")).hasContent("a");
        assertThat(mode(target.resolve("srv")) & 07777).isEqualTo(0700);
    }

    @Test
    void hardLinksMayPointToSymlinksWithoutFollowingThem() throws IOException {
        unpack(new TarBuilder().symlink("a", outside.toString()).hardLink("b", "a").build());

        assertThat(Files.isSymbolicLink(target.resolve("b"))).isTrue();
        assertThat(Files.readSymbolicLink(target.resolve("b"))).isEqualTo(outside);
    }

    static Stream<Arguments> refusedArchives() {
        return Stream.of(
                refused("an absolute path",
                        (tar, outside) -> tar.file("/etc/passwd", "root::0:0::/:/bin/sh"),
                        "entry '/etc/passwd' has an absolute path"),
                refused("a climb out of the root",
                        (tar, outside) -> tar.file("../escaped", "x"),
                        "entry '../escaped' escapes the root"),
                refused("a climb out below a directory",
                        (tar, outside) -> tar.dir("a", 0755).file("a/../../escaped", "x"),
                        "entry 'a/../../escaped' escapes the root"),
                refused("a write through an absolute symlink",
                        (tar, outside) -> tar.symlink("evil", outside.toString()).file("evil/passwd", "x"),
                        "entry 'evil/passwd' would be written through the symlink 'evil'"),
                refused("a write through a relative symlink",
                        (tar, outside) -> tar.symlink("evil", "../outside").file("evil/x", "x"),
                        "entry 'evil/x' would be written through the symlink 'evil'"),
                refused("a write through a nested symlink",
                        (tar, outside) -> tar.dir("a", 0755).symlink("a/b", outside.toString())
                                .dir("a/b/c", 0755),
                        "entry 'a/b/c/' would be written through the symlink 'a/b'"),
                refused("a hard link to an absolute path",
                        (tar, outside) -> tar.hardLink("shadow", "/etc/shadow"),
                        "hard link 'shadow' points to '/etc/shadow', an absolute path"),
                refused("a hard link out of the root",
                        (tar, outside) -> tar.hardLink("shadow", "../../etc/shadow"),
                        "hard link 'shadow' points to '../../etc/shadow', which escapes the root"),
                refused("a hard link through a symlink",
                        (tar, outside) -> tar.symlink("evil", "/etc").hardLink("shadow", "evil/shadow"),
                        "hard link 'shadow' points through the symlink 'evil'"),
                refused("a hard link to nothing",
                        (tar, outside) -> tar.hardLink("b", "a"),
                        "hard link 'b' points to 'a', which no earlier entry made"),
                refused("a hard link to a directory",
                        (tar, outside) -> tar.dir("d", 0755).hardLink("b", "d"),
                        "hard link 'b' points to the directory 'd'"),
                refused("a file that would replace a directory",
                        (tar, outside) -> tar.dir("etc", 0755).file("etc/passwd", "x").file("etc", "x"),
                        "entry 'etc' would replace the directory 'etc'"),
                refused("an entry below a file",
                        (tar, outside) -> tar.file("etc", "x").file("etc/passwd", "x"),
                        "entry 'etc/passwd' is below 'etc', which is not a directory"),
                refused("an unsupported entry type",
                        (tar, outside) -> tar.typed("label", (byte) 'V'),
                        "entry 'label' has unsupported type 'V'"));
    }

    private static Arguments refused(String what, BiFunction<TarBuilder, Path, TarBuilder> archive, String message) {
        return Arguments.of(what, archive, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedArchives")
    void refusesAndLeavesNothingBehind(String what, BiFunction<TarBuilder, Path, TarBuilder> archive, String message)
            throws IOException {
        // A good entry first, so that there is something to clean up when the bad one is refused.
        byte[] bad = archive.apply(new TarBuilder().file("first", "made before the bad entry"), outside)
                .file("last", "x").build();

        assertThatThrownBy(() -> unpack(bad))
                .isInstanceOf(InvalidLayerException.class)
                .hasMessageContaining(message);
        assertThat(target).doesNotExist();
        assertThat(outside).isEmptyDirectory();
        assertThat(temp.resolve("store")).isEmptyDirectory();
        assertThat(temp.resolve("escaped")).doesNotExist();
    }

    @Test
    void refusesATruncatedArchive() throws IOException {
        byte[] tar = new TarBuilder().file("big", "x".repeat(5000)).build();

        assertThatThrownBy(() -> unpack(Arrays.copyOf(tar, 2048)))
                .isInstanceOf(InvalidLayerException.class)
                .hasMessageContaining("truncated tar archive: entry 'big'");
        assertThat(target).doesNotExist();
    }

    @Test
    void handsWhiteoutsToThePolicyInsteadOfMakingThem() throws IOException {
        List<String> seen = new ArrayList<>();
        Whiteouts recording = new Whiteouts() {
            @Override
            public void hide(Path dir, String name) {
                seen.add("hide " + target.relativize(dir) + " " + name);
            }

            @Override
            public void makeOpaque(Path dir) {
                seen.add("opaque " + target.relativize(dir));
            }
        };
        Path file = temp.resolve("whiteouts.tar");
        Files.write(file, new TarBuilder()
                .dir("etc", 0755)
                .file("etc/.wh.motd", "")
                .dir("var/cache", 0755)
                .file("var/cache/.wh..wh..opq", "")
                .build());

        UnpackedLayer layer = new LayerUnpacker(syscalls, recording).unpack(file, target);

        assertThat(seen).containsExactly("hide etc motd", "opaque var/cache");
        assertThat(layer.whiteouts()).isEqualTo(2);
        assertThat(target.resolve("etc/.wh.motd")).doesNotExist();
        assertThat(target.resolve("var/cache/.wh..wh..opq")).doesNotExist();
    }

    @Test
    void skipsWhiteoutsOfAnImportedRootfs() throws IOException {
        UnpackedLayer layer = unpack(new TarBuilder().dir("etc", 0755).file("etc/.wh.motd", "").build());

        assertThat(target.resolve("etc")).isEmptyDirectory();
        assertThat(layer.whiteouts()).isEqualTo(1);
    }
}
