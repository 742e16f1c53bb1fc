package dev.berth.agent.launch;

import dev.berth.agent.cgroup.Cgroup;
import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.Namespace;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.Signal;
import dev.berth.agent.linux.SpawnRequest;
import dev.berth.agent.linux.SpawnRequest.FileAction;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;
import dev.berth.agent.rootfs.InRoot;
import dev.berth.agent.rootfs.PivotRoot;
import dev.berth.agent.rootfs.ProcMounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The fast path, for kernels whose procfs takes a {@code pidns} (Linux 6.18+): no helper process at all.
 *
 * <p>Two fresh platform threads share the work:
 * <pre>
 *  launcher thread                          gatekeeper thread
 *  ───────────────                          ─────────────────
 *  unshare(NS|UTS|IPC|NET|PID)              wait until the launcher is ready
 *  overlay, /dev, /sys, /etc files          .
 *  loopback up, hostname                    .
 *  join the cgroup (v1); unshare(CGROUP)    .
 *  resolve user and executable              .
 *  mkfifo gate; drop to the container's     .
 *    bounding set, ids and capabilities     .
 *  posix_spawn ──▶ child (PID 1) blocks     find the child; on v2 move it into the cgroup
 *     (vfork: waits     opening the gate      (on v1 it was born there); write pids.max
 *      for exec)                            setns(child's mnt); fsopen(proc) with its pidns;
 *     .                                     masks; pivot_root; detach the host tree
 *     .                 ◀── gate opened ─── open the gate for writing
 *  returns the pid  ◀── child execs the entrypoint
 *  exits (and so leaves the cgroup)
 * </pre>
 * The launcher thread cannot create threads once it has unshared its PID namespace, and the credentials it drops are
 * its own only, so both threads are used once and discarded.
 */
public final class FastLauncher implements Launcher {
    private final Syscalls sys;
    private final ContainerSetup setup;
    private final ProcMounts proc;

    public FastLauncher(Syscalls sys) {
        Preload.classesUsedAfterPivot();
        this.sys = sys;
        this.setup = new ContainerSetup(sys);
        this.proc = new ProcMounts(sys);
    }

    @Override
    public String mode() {
        return "fast";
    }

    @Override
    public LaunchedProcess launch(LaunchSpec spec) {
        Handoff handoff = new Handoff(spec.runtimeDir().resolve("gate").toString());
        Thread launcher = Thread.ofPlatform().name("berth-launch").unstarted(() -> runLauncher(spec, handoff));
        Thread gatekeeper = Thread.ofPlatform().name("berth-gate").unstarted(() -> runGatekeeper(spec, handoff));
        gatekeeper.start();
        launcher.start();
        Gate.joinUninterruptibly(launcher);
        Gate.joinUninterruptibly(gatekeeper);
        if (handoff.placed && handoff.launcherError != null) {
            // A failed start tears the cgroup down at once: take the launcher thread out (it may still be exiting)
            // and let it go.
            try {
                spec.cgroup().returnThread(handoff.launcherTid);
            } catch (RuntimeException gone) {
                // It has exited already, which took it out.
            }
            awaitThreadExit(handoff.launcherTid);
        }
        try {
            Files.deleteIfExists(Path.of(handoff.gatePath));
        } catch (IOException e) {
            // The runtime directory is removed with the container anyway.
        }
        return handoff.outcome(sys);
    }

    private void runLauncher(LaunchSpec spec, Handoff handoff) {
        try {
            int tid = sys.gettid();
            handoff.launcherTid = tid;
            setup.enter(spec);
            Cgroup cgroup = spec.cgroup();
            if (cgroup.placesThreads()) {
                // Before the cgroup namespace: it is then rooted at the container's own cgroup.
                handoff.placed = true;
                cgroup.addThread(tid);
            }
            sys.unshare(Namespace.CGROUP.flag());
            ProcessSpec process = spec.process();
            ProcessUser user;
            String executable;
            try (InRoot root = InRoot.open(sys, spec.rootfs().mountpoint())) {
                user = ContainerSetup.user(root, process.user());
                executable = new ExecutableResolver(ContainerSetup.statInRoot(sys, root))
                        .resolve(process.args().getFirst(), process.path(), process.workingDir(), user);
            }
            Pty pty = null;
            if (spec.stdio().terminal() != null) {
                // From the container's own devpts, while the rootfs is still reachable by its host path.
                pty = Pty.open(sys, spec.rootfs().mountpoint() + "/dev/pts", user, spec.stdio().terminal());
                handoff.ptyMaster = pty.master();
            }
            Gate.create(sys, handoff.gatePath);
            int gate = sys.open(handoff.gatePath, OpenFlags.O_PATH | OpenFlags.O_CLOEXEC, 0);
            SpawnRequest request = spawnRequest(spec, executable, user, gate, pty);
            Credentials.apply(sys, user, process.capabilities(), process.noNewPrivileges());
            handoff.launcherReady();
            try {
                handoff.spawnedPid = sys.posixSpawn(request);
            } catch (SyscallException e) {
                if ("exec".equals(e.call()) && handoff.gatekeeperError == null) {
                    throw new EntrypointException(ExecutableResolver.exitCodeFor(e.errno()),
                            "exec: \"" + process.args().getFirst() + "\": " + Errno.description(e.errno()).toLowerCase());
                }
                throw e;
            } finally {
                handoff.spawnReturned = true;
            }
        } catch (Throwable e) {
            handoff.launcherError = e;
        } finally {
            handoff.abortIfNotReady();
        }
    }

    private SpawnRequest spawnRequest(LaunchSpec spec, String executable, ProcessUser user, int gate,
                                      @Nullable Pty pty) {
        ProcessSpec process = spec.process();
        List<FileAction> actions = new ArrayList<>();
        // First the gate: opening a FIFO for reading blocks until the gatekeeper opens it for writing. Through
        // /proc/self/fd, because the child may already be pivoted into the container when it gets here; that path
        // then names its own fd in its own procfs, where it is PID 1.
        actions.add(new FileAction.Open(0, InRoot.magicPath(gate), OpenFlags.O_RDONLY, 0));
        standardStreams(actions, spec.stdio(), pty);
        actions.add(new FileAction.Chdir(process.workingDir()));
        actions.add(new FileAction.CloseFrom(3));
        List<String> argv = process.args();
        String path = executable;
        if (process.init()) {
            List<String> withInit = new ArrayList<>(List.of("/dev/init", "--", executable));
            withInit.addAll(argv.subList(1, argv.size()));
            argv = withInit;
            path = "/dev/init";
        }
        return new SpawnRequest(path, argv, process.envFor(user), actions, true);
    }

    /**
     * Descriptors 0, 1 and 2 of the child. A terminal's slave is opened by its path inside the container: the child is
     * a session leader (POSIX_SPAWN_SETSID) and opens it without O_NOCTTY, so it becomes its controlling terminal.
     */
    static void standardStreams(List<FileAction> actions, LaunchSpec.Stdio stdio, @Nullable Pty pty) {
        if (pty != null) {
            actions.add(new FileAction.Open(0, pty.slavePath(), OpenFlags.O_RDWR, 0));
            actions.add(new FileAction.Dup2(0, 1));
            actions.add(new FileAction.Dup2(0, 2));
            return;
        }
        if (stdio.stdin() >= 0) {
            actions.add(new FileAction.Dup2(stdio.stdin(), 0));
        } else {
            actions.add(new FileAction.Open(0, "/dev/null", OpenFlags.O_RDONLY, 0));
        }
        actions.add(new FileAction.Dup2(stdio.stdout(), 1));
        actions.add(new FileAction.Dup2(stdio.stderr(), 2));
    }

    private void runGatekeeper(LaunchSpec spec, Handoff handoff) {
        try {
            if (!handoff.awaitLauncher()) {
                return;
            }
            int tid = handoff.launcherTid;
            int pid = awaitChild(tid, handoff);
            if (pid < 0) {
                return;
            }
            handoff.childPid = pid;
            Cgroup cgroup = spec.cgroup();
            // On v1 the launcher thread stays: it leaves the cgroup by exiting, just after the exec. Moving it out
            // would be a second migration, and a migration can wait for an RCU grace period (~10 ms).
            if (!cgroup.placesThreads()) {
                cgroup.addProcess(pid);
            }
            cgroup.limitPids();
            int pidns = sys.open("/proc/" + pid + "/ns/pid", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
            int mntns = sys.open("/proc/" + pid + "/ns/mnt", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
            int hostRoot = sys.open("/", OpenFlags.O_PATH | OpenFlags.O_DIRECTORY | OpenFlags.O_CLOEXEC, 0);
            try {
                String root = spec.rootfs().mountpoint();
                sys.unshare(Namespace.CLONE_FS);
                sys.setns(mntns, Namespace.MOUNT.flag());
                proc.mountForNamespace(root, pidns);
                proc.mask(root);
                PivotRoot.into(sys, root);
                openGate(hostRoot, handoff);
            } finally {
                sys.close(pidns);
                sys.close(mntns);
                sys.close(hostRoot);
            }
        } catch (Throwable e) {
            handoff.gatekeeperError = e;
            if (handoff.childPid > 0) {
                try {
                    sys.kill(handoff.childPid, Signal.SIGKILL.number());
                } catch (SyscallException ignored) {
                    // Already gone.
                }
            }
        }
    }

    private int awaitChild(int launcherTid, Handoff handoff) {
        return Gate.awaitChild(sys, launcherTid, () -> handoff.spawnReturned);
    }

    /** Through the host's root: the gatekeeper is in the container's mount namespace by now. */
    private void openGate(int hostRoot, Handoff handoff) {
        Gate.open(sys, hostRoot, handoff.gatePath.substring(1), () -> handoff.spawnReturned);
    }

    /**
     * A launcher thread that failed inside the container's cgroup leaves it only when its kernel task exits, a moment
     * after Thread.join returns; until then the cgroup cannot be removed.
     */
    private static void awaitThreadExit(int tid) {
        if (tid <= 0) {
            return;
        }
        Path task = Path.of("/proc/self/task/" + tid);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (int spins = 0; Files.exists(task) && System.nanoTime() < deadline; spins++) {
            pause(spins);
        }
    }

    private static void pause(int spins) {
        Gate.pause(spins);
    }

    /** What the two threads tell each other and the caller. */
    private static final class Handoff {
        final String gatePath;
        final CountDownLatch ready = new CountDownLatch(1);
        volatile boolean aborted;
        volatile int launcherTid;
        volatile boolean placed;
        volatile int childPid = -1;
        volatile int spawnedPid = -1;
        volatile int ptyMaster = -1;
        volatile boolean spawnReturned;
        volatile @Nullable Throwable launcherError;
        volatile @Nullable Throwable gatekeeperError;

        Handoff(String gatePath) {
            this.gatePath = gatePath;
        }

        void launcherReady() {
            ready.countDown();
        }

        void abortIfNotReady() {
            if (ready.getCount() > 0) {
                aborted = true;
                ready.countDown();
            }
        }

        boolean awaitLauncher() throws InterruptedException {
            ready.await();
            return !aborted;
        }

        LaunchedProcess outcome(Syscalls sys) {
            return LaunchedProcess.settle(sys, spawnedPid, ptyMaster, gatekeeperError, launcherError, "launch");
        }
    }
}
