package dev.berth.agent.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.linux.Capability;
import dev.berth.agent.linux.FileStat;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.SpawnRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** exec's choreography against a fake kernel: join every namespace at once, place the child, then let it exec. */
class ExecLauncherTest {

    private static ExecSpec spec(FakeCgroup cgroup, LaunchSpec.Stdio stdio) {
        return new ExecSpec(777, new ProcessSpec(List.of("sh"), List.of("PATH=/bin"), "/", new UserSpec("1000", null),
                Capability.dockerDefaults(), true, false), stdio, cgroup, Path.of("/run/berth/exec/e1/gate"));
    }

    @Test
    void joinsTheContainersNamespacesInOneCallThenPlacesTheChildInItsCgroupBeforeItExecs() {
        FastLauncherTest.GatedSyscalls sys = new FastLauncherTest.GatedSyscalls();
        FakeCgroup cgroup = new FakeCgroup(true);

        LaunchedProcess process = new ExecLauncher(sys).launch(spec(cgroup, new LaunchSpec.Stdio(-1, 11, 12)));

        assertThat(process.pid()).isEqualTo(4242);
        assertThat(process.ptyMaster()).isEqualTo(-1);
        List<String> calls = sys.calls();
        int pidfd = calls.indexOf("pidfd_open(777)");
        int ownFs = calls.indexOf("unshare(CLONE_FS)");
        int setns = FastLauncherTest.index(calls,
                "setns(");
        int creds = FastLauncherTest.index(calls, "setresuid(1000)");
        int spawn = FastLauncherTest.index(calls, "posix_spawn(/bin/sh, [sh])");
        int gate = calls.lastIndexOf("openat(-100, /run/berth/exec/e1/gate, " + (OpenFlags.O_WRONLY
                | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC) + ")");
        assertThat(pidfd).isGreaterThanOrEqualTo(0).isLessThan(ownFs);
        assertThat(ownFs).isLessThan(setns);
        assertThat(calls.get(setns)).endsWith(
                "CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWNET|CLONE_NEWPID|CLONE_NEWCGROUP)");
        assertThat(calls.stream().filter(c -> c.startsWith("setns(")).count()).isEqualTo(1);
        assertThat(setns).isLessThan(creds).isLessThan(spawn);
        assertThat(spawn).isLessThan(gate);
        // By pid, at the gate, on v1 and v2 alike: the exec thread itself never joins.
        assertThat(cgroup.events).containsExactly("addProcess 4242");
        SpawnRequest request = sys.request.get();
        assertThat(request.fileActions().get(0)).isInstanceOfSatisfying(SpawnRequest.FileAction.Open.class,
                open -> assertThat(open.path()).startsWith("/proc/self/fd/"));
        assertThat(request.env()).contains("PATH=/bin");
    }

    @Test
    void aTerminalIsTakenFromTheDevptsTheThreadNowSees() {
        FastLauncherTest.GatedSyscalls sys = new FastLauncherTest.GatedSyscalls();

        LaunchedProcess process = new ExecLauncher(sys).launch(spec(new FakeCgroup(true),
                new LaunchSpec.Stdio(-1, -1, -1, new WindowSize(33, 91))));

        assertThat(sys.pathOf(process.ptyMaster())).isEqualTo("/dev/pts/ptmx");
        assertThat(sys.calls()).contains("winsize(" + process.ptyMaster() + ", 33x91)", "lchown(/dev/pts/0, 1000, -1)");
        assertThat(sys.request.get().fileActions())
                .contains(new SpawnRequest.FileAction.Open(0, "/dev/pts/0", OpenFlags.O_RDWR, 0));
    }
}
