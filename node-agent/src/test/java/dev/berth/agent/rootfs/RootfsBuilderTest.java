package dev.berth.agent.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.linux.FileStat;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.RecordingSyscalls;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RootfsBuilderTest {
    static final String ROOT = "/c/rootfs";
    static final FileStat DIR = new FileStat(OpenFlags.S_IFDIR | 0755, 0, 0, 0, 0);
    static final FileStat FILE = new FileStat(OpenFlags.S_IFREG | 0644, 0, 0, 0, 0);
    static final FileStat LINK = new FileStat(OpenFlags.S_IFLNK | 0777, 0, 0, 0, 0);

    static RecordingSyscalls image() {
        return new RecordingSyscalls()
                .file(ROOT + "/dev", DIR).file(ROOT + "/sys", DIR).file(ROOT + "/proc", DIR)
                .file("etc/hostname", FILE).file(".", DIR).file("srv", DIR);
    }

    static RootfsSpec spec(String init) {
        return new RootfsSpec(ROOT, List.of("/l/top", "/l/base"), "/c/upper", "/c/work",
                Map.of("/etc/hostname", "/c/hostname"), init);
    }

    @Test
    void mountsInOrderWithDockersFlags() {
        RecordingSyscalls sys = image();

        new RootfsBuilder(sys).build(spec(null), "/srv");

        assertThat(sys.calls("mount(")).containsExactly(
                "mount(null, /, null, 278528, null)",
                "mount(overlay, /c/rootfs, overlay, 0, lowerdir=/l/top:/l/base,upperdir=/c/upper,workdir=/c/work)",
                "mount(tmpfs, /c/rootfs/dev, tmpfs, 16777218, mode=755,size=65536k)",
                "mount(devpts, /c/rootfs/dev/pts, devpts, 10, newinstance,ptmxmode=0666,mode=0620,gid=5)",
                "mount(shm, /c/rootfs/dev/shm, tmpfs, 14, mode=1777,size=65536k)",
                "mount(mqueue, /c/rootfs/dev/mqueue, mqueue, 14, null)",
                "mount(sysfs, /c/rootfs/sys, sysfs, 15, null)",
                "mount(/c/hostname, /proc/self/fd/" + hostnameFd(sys) + ", null, 4096, null)");
        assertThat(sys.calls("mknod(")).containsExactly(
                "mknod(/c/rootfs/dev/null, 20666, 259)", "mknod(/c/rootfs/dev/zero, 20666, 261)",
                "mknod(/c/rootfs/dev/full, 20666, 263)", "mknod(/c/rootfs/dev/random, 20666, 264)",
                "mknod(/c/rootfs/dev/urandom, 20666, 265)", "mknod(/c/rootfs/dev/tty, 20666, 1280)");
        assertThat(sys.calls("symlink(")).contains("symlink(pts/ptmx, /c/rootfs/dev/ptmx)",
                "symlink(/proc/self/fd, /c/rootfs/dev/fd)");
    }

    private static String hostnameFd(RecordingSyscalls sys) {
        String call = sys.calls("openat2(").stream().filter(c -> c.contains("etc/hostname")).findFirst().orElseThrow();
        int fd = 100;
        for (int candidate = 100; candidate < 200; candidate++) {
            if ("etc/hostname".equals(sys.pathOf(candidate))) {
                fd = candidate;
            }
        }
        return String.valueOf(fd);
    }

    @Test
    void theInitIsBoundReadOnlyInsideDev() {
        RecordingSyscalls sys = image();

        new RootfsBuilder(sys).build(spec("/usr/bin/tini-static"), "/");

        assertThat(sys.calls()).containsSubsequence("open(/c/rootfs/dev/init, " + (OpenFlags.O_CREAT | OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC) + ")",
                "mount(/usr/bin/tini-static, /c/rootfs/dev/init, null, 4096, null)",
                "mount(null, /c/rootfs/dev/init, null, 4135, null)");
    }

    @Test
    void aProcThatIsASymlinkIsRefusedBeforeAnythingIsMountedThere() {
        RecordingSyscalls sys = new RecordingSyscalls()
                .file(ROOT + "/dev", DIR).file(ROOT + "/sys", DIR).file(ROOT + "/proc", LINK).file(".", DIR);

        assertThatThrownBy(() -> new RootfsBuilder(sys).build(spec(null), "/"))
                .isInstanceOf(RootfsException.class)
                .hasMessage("rootfs: /proc must be a directory, not a symlink; refusing to mount proc there");
    }

    @Test
    void aMissingWorkingDirectoryIsCreatedInsideTheRoot() {
        RecordingSyscalls sys = image();

        new RootfsBuilder(sys).build(spec(null), "/srv/app");

        assertThat(sys.calls()).anyMatch(c -> c.startsWith("mkdirat(srv, app)"));
    }

    @Test
    void tooManyLayersFailClearly() {
        List<String> layers = java.util.stream.IntStream.range(0, 80)
                .mapToObj(i -> "/var/lib/berth/agent/images/layers/sha256/" + "a".repeat(64)).toList();
        RootfsSpec spec = new RootfsSpec(ROOT, layers, "/c/upper", "/c/work", Map.of(), null);

        assertThatThrownBy(spec::overlayOptions).hasMessageContaining("too many layers (80)");
    }

    @Test
    void makedevMatchesGlibc() {
        assertThat(RootfsBuilder.makedev(1, 3)).isEqualTo(259);
        assertThat(RootfsBuilder.makedev(136, 300)).isEqualTo((300 & 0xff) | (136 << 8) | ((300L & ~0xff) << 12));
    }
}
