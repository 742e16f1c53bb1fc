package dev.berth.agent.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MountInfoTest {

    @Test
    void separateHierarchiesEachNameTheirController() {
        List<CgroupMount> mounts = MountInfo.parse(MountInfoSamples.HYBRID);

        assertThat(mounts).contains(
                new CgroupMount("/sys/fs/cgroup/cpu", "/", false, Set.of("cpu")),
                new CgroupMount("/sys/fs/cgroup/cpuacct", "/", false, Set.of("cpuacct")),
                new CgroupMount("/sys/fs/cgroup/memory", "/", false, Set.of("memory")),
                new CgroupMount("/sys/fs/cgroup/systemd", "/", false, Set.of("name=systemd")),
                new CgroupMount("/sys/fs/cgroup/unified", "/", true, Set.of()));
        assertThat(mounts).hasSize(10);
    }

    @Test
    void aCombinedHierarchyNamesEachOfItsControllersAndFlagsAreNotControllers() {
        List<CgroupMount> mounts = MountInfo.parse(MountInfoSamples.LEGACY_COMBINED);

        assertThat(mounts).contains(
                new CgroupMount("/sys/fs/cgroup/cpu,cpuacct", "/", false, Set.of("cpu", "cpuacct")),
                new CgroupMount("/sys/fs/cgroup/cpuset", "/", false, Set.of("cpuset")),
                new CgroupMount("/sys/fs/cgroup/systemd", "/", false, Set.of("name=systemd")));
    }

    @Test
    void optionalFieldsAreSkippedUpToTheSeparator() {
        List<CgroupMount> mounts = MountInfo.parse(
                "32 23 0:26 / /sys/fs/cgroup rw,nosuid shared:4 master:1 - cgroup2 cgroup2 rw,nsdelegate\n");

        assertThat(mounts).containsExactly(new CgroupMount("/sys/fs/cgroup", "/", true, Set.of()));
    }

    @Test
    void escapedCharactersAndSubtreeRootsAreDecoded() {
        List<CgroupMount> mounts = MountInfo.parse(
                "50 40 0:32 /berth/c\\0401 /mnt/my\\040cgroups rw - cgroup cgroup rw,memory\n");

        assertThat(mounts).containsExactly(
                new CgroupMount("/mnt/my cgroups", "/berth/c 1", false, Set.of("memory")));
    }

    @Test
    void otherFilesystemsAndMalformedLinesAreIgnored() {
        assertThat(MountInfo.parse("""
                27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
                31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
                garbage
                """)).isEmpty();
    }
}
