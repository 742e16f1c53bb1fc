package dev.berth.agent.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.linux.RecordingSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupProbeTest {

    @TempDir
    Path tmp;

    private CgroupProbe probe(String mountinfo) throws IOException {
        Path file = Files.writeString(tmp.resolve("mountinfo"), mountinfo);
        HostPaths host = new HostPaths(tmp, file, tmp.resolve("self-cgroup"), tmp.resolve("meminfo"));
        return new CgroupProbe(new RecordingSyscalls(), host);
    }

    @Test
    void thisMachinesHybridLayoutIsV1() throws IOException {
        String hybrid = MountInfoSamples.HYBRID;
        assertThat(hybrid).contains(" /sys/fs/cgroup/unified ", " - cgroup2 ");

        CgroupManager manager = probe(hybrid).manager();

        assertThat(manager).isInstanceOf(CgroupV1Manager.class);
        assertThat(manager.version()).isEqualTo("v1");
    }

    @Test
    void theV1ManagerItBuildsWorksOnTheHierarchiesOfTheMountTable() throws IOException {
        FakeV1Host host = FakeV1Host.separate(tmp, true);
        CgroupProbe probe = new CgroupProbe(new RecordingSyscalls(), host.paths, host.fs);

        probe.manager().create("c1", new Resources(1L << 30, null, 100_000, null));

        assertThat(host.container("memory", "c1").resolve("memory.limit_in_bytes")).content()
                .isEqualTo(Long.toString(1L << 30));
        assertThat(host.container("freezer", "c1")).isDirectory();
    }

    @Test
    void aLegacyLayoutWithCombinedCpuCpuacctIsV1() throws IOException {
        assertThat(probe(MountInfoSamples.LEGACY_COMBINED).manager().version())
                .isEqualTo("v1");
    }

    @Test
    void aUnifiedLayoutIsV2RootedAtSysFsCgroup() throws IOException {
        Path root = tmp.resolve("sys/fs/cgroup");
        FakeCgroupFs fs = new FakeCgroupFs(root).v2Hierarchy(root, List.of("memory", "cpu", "pids"),
                Map.of("", Map.of("cgroup.procs", ""), "cpu", Map.of("cpu.max", "max 100000\n")));
        Path mountinfo = Files.writeString(tmp.resolve("mountinfo"), MountInfoSamples.UNIFIED);
        HostPaths host = new HostPaths(tmp, mountinfo, tmp.resolve("self-cgroup"), tmp.resolve("meminfo"));

        CgroupManager manager = new CgroupProbe(new RecordingSyscalls(), host, fs).manager();
        manager.create("c1", new Resources(null, 20_000L, 100_000, null));

        assertThat(manager.version()).isEqualTo("v2");
        assertThat(root.resolve("berth/c1/cpu.max")).content().isEqualTo("20000 100000");
    }

    @Test
    void anEmptyMountTableSaysWhatWasFound() throws IOException {
        assertThatThrownBy(() -> probe("").manager())
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("no usable cgroup hierarchy")
                .hasMessageContaining("has no cgroup filesystem");
    }

    @Test
    void aCgroup2OutsideSysFsCgroupWithoutV1ControllersIsNotUsableAutomatically() throws IOException {
        String onlyUnified = """
                31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
                40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
                41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
                """;

        assertThatThrownBy(() -> probe(onlyUnified).manager())
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("no usable cgroup hierarchy")
                .hasMessageContaining("cgroup (name=systemd) at /sys/fs/cgroup/systemd; "
                        + "cgroup2 at /sys/fs/cgroup/unified");
    }

    @Test
    void aVersionCanBeInsistedOn() throws IOException {
        CgroupProbe hybrid = probe(MountInfoSamples.HYBRID);
        assertThat(hybrid.manager("v1").version()).isEqualTo("v1");
        assertThat(hybrid.manager("v2").version()).isEqualTo("v2");

        CgroupProbe unified = probe(MountInfoSamples.UNIFIED);
        assertThatThrownBy(() -> unified.manager("v1"))
                .isInstanceOf(CgroupException.class)
                .hasMessageStartingWith("cgroup v1 was asked for, but no v1 controller is mounted")
                .hasMessageContaining("cgroup2 at /sys/fs/cgroup");
        assertThatThrownBy(() -> probe(MountInfoSamples.LEGACY_COMBINED.lines()
                .filter(line -> !line.contains("cgroup2")).reduce("", (a, b) -> a + b + "\n")).manager("v2"))
                .isInstanceOf(CgroupException.class)
                .hasMessageStartingWith("cgroup v2 was asked for, but no cgroup2 is mounted");
    }

    @Test
    void anUnknownModeIsRefused() throws IOException {
        assertThatThrownBy(() -> probe(MountInfoSamples.HYBRID).manager("v3"))
                .isInstanceOf(CgroupException.class)
                .hasMessage("unknown cgroup mode 'v3': expected auto, v1 or v2");
    }
}
