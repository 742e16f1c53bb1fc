package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.berth.agent.linux.LinuxSyscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports the real busybox base image with the real kernel calls: needs root, for lchown and device-free mknod. */
class LocalImageStoreIT {
    @TempDir
    static Path temp;

    private static Path busyboxTar;

    @BeforeAll
    static void buildTheBusyboxRootfs() throws IOException, InterruptedException {
        int uid = (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (uid != 0) {
            fail("needs root: importing a rootfs sets file owners (lchown); run the integration tests as root"
                    + " (uid is " + uid + ")");
        }
        busyboxTar = temp.resolve("busybox.tar");
        Process build = new ProcessBuilder("sh", script().toString(), busyboxTar.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!build.waitFor(60, TimeUnit.SECONDS) || build.exitValue() != 0) {
            fail("deploy/busybox-rootfs.sh failed: " + output);
        }
    }

    /** The script that builds the base image, found by walking up from the working directory to the project root. */
    private static Path script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("deploy/busybox-rootfs.sh");
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        return fail("deploy/busybox-rootfs.sh not found above " + Path.of("").toAbsolutePath());
    }

    private static int attribute(Path path, String name) throws IOException {
        return (int) Files.getAttribute(path, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
    }

    private static Image importBusybox(LocalImageStore store, String tag) throws IOException {
        try (InputStream tar = Files.newInputStream(busyboxTar)) {
            return store.importRootfs(tar, ImageRef.parse(tag));
        }
    }

    @Test
    void importsTheBusyboxRootfsWithItsModesOwnersAndLinks() throws IOException {
        LocalImageStore store = new LocalImageStore(temp.resolve("images-1"), new LinuxSyscalls());

        Image image = importBusybox(store, "busybox:latest");

        Path layer = image.layerDirs().getFirst();
        assertThat(layer).isEqualTo(temp.resolve("images-1/layers/sha256").resolve(image.layers().getFirst().hex()));
        Path busybox = layer.resolve("bin/busybox");
        assertThat(busybox).isRegularFile().isExecutable();
        assertThat(attribute(busybox, "mode") & 0111).isEqualTo(0111);
        assertThat(Files.size(busybox)).isEqualTo(Files.size(Path.of("/bin/busybox")));
        assertThat(Files.readSymbolicLink(layer.resolve("bin/sh"))).isEqualTo(Path.of("/bin/busybox"));
        assertThat(attribute(layer.resolve("tmp"), "mode") & 07777).isEqualTo(01777);
        assertThat(attribute(layer.resolve("root"), "mode") & 07777).isEqualTo(0700);
        assertThat(attribute(layer.resolve("home/user"), "uid")).isEqualTo(1000);
        assertThat(attribute(layer.resolve("home/user"), "gid")).isEqualTo(1000);
        assertThat(attribute(layer.resolve("etc/passwd"), "uid")).isZero();
        assertThat(layer.resolve("var/www/index.html")).hasContent("hello from busybox");
        assertThat(image.size()).isGreaterThanOrEqualTo(Files.size(Path.of("/bin/busybox")));
        assertThat(new LocalImageStore(temp.resolve("images-1"), new LinuxSyscalls()).find("busybox"))
                .map(Image::id).contains(image.id());
    }

    @Test
    void aSecondImportIsFastAndReusesTheLayerDirectory() throws IOException {
        LocalImageStore store = new LocalImageStore(temp.resolve("images-2"), new LinuxSyscalls());
        Image first = importBusybox(store, "busybox:latest");
        Path layer = first.layerDirs().getFirst();
        Object inode = Files.getAttribute(layer, "unix:ino");
        Object changed = Files.getAttribute(layer.resolve("bin/busybox"), "unix:ctime");

        long start = System.nanoTime();
        Image second = importBusybox(store, "busybox:again");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.layerDirs()).containsExactly(layer);
        assertThat(Files.getAttribute(layer, "unix:ino")).isEqualTo(inode);
        // Unpacking again would have chowned and chmodded busybox, moving its ctime.
        assertThat(Files.getAttribute(layer.resolve("bin/busybox"), "unix:ctime")).isEqualTo(changed);
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        try (var layers = Files.list(temp.resolve("images-2/layers/sha256"))) {
            assertThat(layers).hasSize(1);
        }
    }
}
