package dev.berth.agent.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.RecordingSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationTuningTest {
    @TempDir
    Path dir;

    @Test
    void onV1ANamedHierarchyWithTheOptionIsMountedBesideTheControllers() throws IOException {
        Path mountinfo = Files.writeString(dir.resolve("mountinfo"),
                "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n");
        RecordingSyscalls sys = new RecordingSyscalls();

        assertThat(MigrationTuning.favorMigrations(sys, "v1", dir, mountinfo)).isTrue();

        assertThat(sys.calls()).containsExactly("mount(cgroup, " + dir.resolve("berth") + ", cgroup, 0, "
                + "none,name=berth,favordynmods)");
        assertThat(dir.resolve("berth")).isDirectory();
    }

    @Test
    void onV2TheUnifiedMountIsRemountedWithIt() throws IOException {
        Path mountinfo = Files.writeString(dir.resolve("mountinfo"),
                "30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n");
        RecordingSyscalls sys = new RecordingSyscalls();

        MigrationTuning.favorMigrations(sys, "v2", dir, mountinfo);

        assertThat(sys.calls()).containsExactly("mount(null, " + dir + ", null, 32, favordynmods)");
    }

    @Test
    void nothingIsMountedWhenAHierarchyHasItAlready() throws IOException {
        Path mountinfo = Files.writeString(dir.resolve("mountinfo"),
                "43 27 0:49 / /sys/fs/cgroup/berth rw - cgroup cgroup rw,favordynmods,name=berth\n");
        RecordingSyscalls sys = new RecordingSyscalls();

        assertThat(MigrationTuning.favorMigrations(sys, "v1", dir, mountinfo)).isTrue();

        assertThat(sys.calls()).isEmpty();
    }

    @Test
    void aKernelWithoutTheOptionIsReportedNotFatal() throws IOException {
        Path mountinfo = Files.writeString(dir.resolve("mountinfo"), "");
        RecordingSyscalls sys = new RecordingSyscalls().failOn("mount(", Errno.EINVAL);

        assertThat(MigrationTuning.favorMigrations(sys, "v1", dir, mountinfo)).isFalse();
    }
}
