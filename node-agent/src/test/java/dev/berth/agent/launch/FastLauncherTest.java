package dev.berth.agent.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.linux.Capability;
import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.FileStat;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.RecordingSyscalls;
import dev.berth.agent.linux.SpawnRequest;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.rootfs.RootfsSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The fast path's choreography, against a fake kernel: the fake's posix_spawn blocks, like the real vfork child,
 * until the gatekeeper opens the gate.
 */
class FastLauncherTest {
    static final String ROOT = "/var/lib/berth/agent/containers/c0ffee/rootfs";

    /** A fake whose child appears when posix_spawn is called and which returns only once the gate is opened. */
    static class GatedSyscalls extends RecordingSyscalls {
        final CountDownLatch spawned = new CountDownLatch(1);
        final CountDownLatch gateOpened = new CountDownLatch(1);
        final AtomicReference<SpawnRequest> request = new AtomicReference<>();

        GatedSyscalls() {
            file("/bin/sh", new FileStat(OpenFlags.S_IFREG | 0755, 0, 0, 1000, 0));
            file("/usr/bin/env", new FileStat(OpenFlags.S_IFREG | 0755, 0, 0, 1000, 0));
            file("/", new FileStat(OpenFlags.S_IFDIR | 0755, 0, 0, 0, 0));
            file("/etc/hostname", new FileStat(OpenFlags.S_IFREG | 0644, 0, 0, 0, 0));
            file("etc/hostname", new FileStat(OpenFlags.S_IFREG | 0644, 0, 0, 0, 0));
            file(".", new FileStat(OpenFlags.S_IFDIR | 0755, 0, 0, 0, 0));
            file("bin/sh", new FileStat(OpenFlags.S_IFREG | 0755, 0, 0, 1000, 0));
            onSpawn(req -> {
                request.set(req);
                spawned.countDown();
                try {
                    if (!gateOpened.await(5, TimeUnit.SECONDS)) {
                        throw new AssertionError("gate never opened");
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return 4242;
            });
        }

        @Override
        public List<Integer> childrenOf(int tid) {
            super.childrenOf(tid);
            return spawned.getCount() == 0 ? List.of(4242) : List.of();
        }

        @Override
        public int openat(int dirFd, String path, int flags, int mode) {
            int fd = super.openat(dirFd, path, flags, mode);
            if (path.endsWith("gate") && (flags & OpenFlags.O_WRONLY) != 0) {
                gateOpened.countDown();
            }
            return fd;
        }

        @Override
        public java.util.Optional<FileStat> lstat(String path) {
            super.lstat(path);
            // The rootfs has real /dev, /sys and /proc directories.
            if (path.equals(ROOT + "/dev") || path.equals(ROOT + "/sys") || path.equals(ROOT + "/proc")
                    || path.startsWith(ROOT + "/proc/")) {
                return java.util.Optional.of(new FileStat(OpenFlags.S_IFDIR | 0755, 0, 0, 0, 0));
            }
            return java.util.Optional.empty();
        }
    }

    static LaunchSpec spec(FakeCgroup cgroup, UserSpec user, boolean init, List<String> args) {
        return new LaunchSpec("c0ffee",
                new RootfsSpec(ROOT, List.of("/layers/a", "/layers/b"), "/c/upper", "/c/work",
                        Map.of("/etc/hostname", "/c/hostname"), init ? "/usr/bin/tini-static" : null),
                new ProcessSpec(args, List.of("PATH=/usr/bin:/bin"), "/", user, Capability.dockerDefaults(), true,
                        init),
                "web", new LaunchSpec.Stdio(-1, 11, 12), cgroup, Path.of("/run/berth/containers/c0ffee"),
                NetworkSetup.LOOPBACK_ONLY);
    }

    @Test
    void buildsTheRootfsInNewNamespacesThenReleasesTheChildOnlyAfterProcAndPivot() {
        GatedSyscalls sys = new GatedSyscalls();
        FakeCgroup cgroup = new FakeCgroup(true);

        LaunchedProcess process = new FastLauncher(sys).launch(spec(cgroup, UserSpec.root(), false, List.of("sh")));

        assertThat(process.pid()).isEqualTo(4242);
        List<String> calls = sys.calls();
        int unshare = calls.indexOf("unshare(CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWNET|CLONE_NEWPID)");
        int cgroupns = calls.indexOf("unshare(CLONE_NEWCGROUP)");
        int overlay = index(calls, "mount(overlay, " + ROOT + ", overlay, 0, lowerdir=/layers/a:/layers/b,"
                + "upperdir=/c/upper,workdir=/c/work)");
        int creds = index(calls, "capset(a80425fb, a80425fb, 0)");
        int spawn = index(calls, "posix_spawn(/bin/sh, [sh])");
        int setns = index(calls, "setns(");
        int proc = index(calls, "move_mount(" + ROOT + "/proc)");
        int pivot = index(calls, "pivot_root(., .)");
        int detach = index(calls, "umount2(., 2)");
        int gate = index(calls, "openat(");
        assertThat(unshare).isGreaterThanOrEqualTo(0);
        assertThat(unshare).isLessThan(overlay);
        assertThat(overlay).isLessThan(cgroupns);
        assertThat(cgroupns).isLessThan(creds);
        assertThat(creds).isLessThan(spawn);
        assertThat(spawn).isLessThan(setns);
        assertThat(setns).isLessThan(proc);
        assertThat(proc).isLessThan(pivot);
        assertThat(pivot).isLessThan(detach);
        assertThat(detach).isLessThan(gate);
        assertThat(calls).contains("fsconfig(SET_FD, pidns)", "sethostname(web)", "ifup(lo)", "no_new_privs()");
        // The v1 launcher thread joins after building the rootfs (whose kernel memory is then not the container's)
        // and before its cgroup namespace, so the child is born inside; pids.max once the child exists.
        assertThat(cgroup.events).containsExactly("addThread 7", "limitPids");
    }

    @Test
    void theChildWaitsOnTheGateBeforeAnythingElseAndInheritsNoAgentDescriptor() {
        GatedSyscalls sys = new GatedSyscalls();

        new FastLauncher(sys).launch(spec(new FakeCgroup(true), UserSpec.root(), false, List.of("sh", "-c", "x")));

        List<SpawnRequest.FileAction> actions = sys.request.get().fileActions();
        assertThat(actions.getFirst()).isInstanceOfSatisfying(SpawnRequest.FileAction.Open.class,
                open -> assertThat(open.path()).startsWith("/proc/self/fd/"));
        assertThat(actions).contains(new SpawnRequest.FileAction.Open(0, "/dev/null", OpenFlags.O_RDONLY, 0),
                new SpawnRequest.FileAction.Dup2(11, 1), new SpawnRequest.FileAction.Dup2(12, 2),
                new SpawnRequest.FileAction.Chdir("/"));
        assertThat(actions.getLast()).isEqualTo(new SpawnRequest.FileAction.CloseFrom(3));
        assertThat(sys.request.get().argv()).containsExactly("sh", "-c", "x");
        assertThat(sys.request.get().env()).contains("PATH=/usr/bin:/bin", "HOME=/");
    }

    @Test
    void onCgroupV2TheChildIsPlacedByPidAtTheGate() {
        GatedSyscalls sys = new GatedSyscalls();
        FakeCgroup cgroup = new FakeCgroup(false);

        new FastLauncher(sys).launch(spec(cgroup, UserSpec.root(), false, List.of("sh")));

        assertThat(cgroup.events).containsExactly("addProcess 4242", "limitPids");
    }

    @Test
    void withInitTheInitIsPid1AndTheResolvedCommandFollows() {
        GatedSyscalls sys = new GatedSyscalls();

        new FastLauncher(sys).launch(spec(new FakeCgroup(true), UserSpec.root(), true, List.of("sh", "-c", "x")));

        assertThat(sys.request.get().path()).isEqualTo("/dev/init");
        assertThat(sys.request.get().argv()).containsExactly("/dev/init", "--", "/bin/sh", "-c", "x");
        assertThat(sys.calls()).anyMatch(c -> c.startsWith("mount(/usr/bin/tini-static, " + ROOT + "/dev/init"));
    }

    @Test
    void aNonRootUserLosesEveryCapability() {
        GatedSyscalls sys = new GatedSyscalls();

        new FastLauncher(sys).launch(spec(new FakeCgroup(true), UserSpec.parse("1000:1000"), false,
                List.of("sh")));

        List<String> calls = sys.calls();
        assertThat(index(calls, "setresgid(1000)")).isLessThan(index(calls, "setresuid(1000)"));
        assertThat(index(calls, "setresuid(1000)")).isLessThan(index(calls, "capset(0, 0, 0)"));
    }

    @Test
    void aMissingCommandFailsWith127BeforeAnyChildExists() {
        GatedSyscalls sys = new GatedSyscalls();
        FakeCgroup cgroup = new FakeCgroup(true);

        assertThatThrownBy(() -> new FastLauncher(sys).launch(spec(cgroup, UserSpec.root(), false,
                List.of("nosuchcommand"))))
                .isInstanceOfSatisfying(EntrypointException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(127);
                    assertThat(e.getMessage()).contains("executable file not found in $PATH");
                });
        assertThat(sys.calls()).noneMatch(c -> c.startsWith("posix_spawn"));
    }

    @Test
    void aFailureAtTheGateKillsTheChildAndReportsTheKernelError() {
        GatedSyscalls sys = new GatedSyscalls();
        sys.failOn("fsconfig(SET_FD", Errno.EINVAL);
        // The killed child makes posix_spawn return.
        sys.onSpawn(req -> {
            sys.spawned.countDown();
            try {
                while (sys.calls("kill(4242").isEmpty()) {
                    Thread.sleep(1);
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return 4242;
        });

        assertThatThrownBy(() -> new FastLauncher(sys).launch(spec(new FakeCgroup(true), UserSpec.root(), false,
                List.of("sh"))))
                .isInstanceOf(SyscallException.class)
                .hasMessageContaining("fsconfig")
                .hasMessageContaining("EINVAL");
        assertThat(sys.calls()).contains("kill(4242, 9)", "waitpid(4242)");
    }

    static int index(List<String> calls, String prefix) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no call starting with " + prefix + " in " + calls);
    }

    @Test
    void aTerminalComesFromTheContainersDevptsAndTheChildOpensItsSlaveAsItsControllingTerminal() {
        GatedSyscalls sys = new GatedSyscalls();
        LaunchSpec plain = spec(new FakeCgroup(true), UserSpec.root(), false, List.of("sh"));
        LaunchSpec withTerminal = new LaunchSpec(plain.containerId(), plain.rootfs(), plain.process(),
                plain.hostname(), new LaunchSpec.Stdio(-1, 11, 12, new WindowSize(30, 100)), plain.cgroup(),
                plain.runtimeDir(), plain.network());

        LaunchedProcess process = new FastLauncher(sys).launch(withTerminal);

        assertThat(sys.pathOf(process.ptyMaster())).isEqualTo(ROOT + "/dev/pts/ptmx");
        List<String> calls = sys.calls();
        int ptmx = index(calls, "open(" + ROOT + "/dev/pts/ptmx, "
                + (OpenFlags.O_RDWR | OpenFlags.O_NOCTTY | OpenFlags.O_CLOEXEC) + ")");
        assertThat(ptmx).isLessThan(index(calls, "unlockpt(")).isLessThan(index(calls, "posix_spawn("));
        assertThat(calls).contains("winsize(" + process.ptyMaster() + ", 30x100)");
        SpawnRequest request = sys.request.get();
        assertThat(request.newSession()).isTrue();
        // After the gate, inside the pivoted root, without O_NOCTTY: the session leader's first terminal is its own.
        assertThat(request.fileActions()).containsSubsequence(
                new SpawnRequest.FileAction.Open(0, "/dev/pts/0", OpenFlags.O_RDWR, 0),
                new SpawnRequest.FileAction.Dup2(0, 1), new SpawnRequest.FileAction.Dup2(0, 2));
        assertThat(request.fileActions().get(0)).isInstanceOfSatisfying(SpawnRequest.FileAction.Open.class,
                gate -> assertThat(gate.path()).startsWith("/proc/self/fd/"));
    }
}
