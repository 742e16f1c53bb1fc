package dev.berth.agent.launch;

import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.Namespace;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.Signal;
import dev.berth.agent.linux.SpawnRequest;
import dev.berth.agent.linux.SpawnRequest.FileAction;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;
import dev.berth.agent.rootfs.InRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * Starts a process inside a running container, as {@code docker exec}: in its namespaces, root, cgroup and
 * credentials. No helper process: one fresh platform thread enters the container and spawns, the caller's thread
 * places the child.
 * <pre>
 *  exec thread (fresh, used once)               caller's thread
 *  ──────────────────────────────               ───────────────
 *  pidfd_open(container's PID 1)                mkfifo gate (host)
 *  unshare(CLONE_FS)                            .
 *  setns(pidfd, MNT|UTS|IPC|NET|PID|CGROUP)     .
 *    (root and cwd: the container's root;       .
 *     the PID namespace applies to children)    .
 *  resolve user, executable, working dir        .
 *  pty from the container's devpts (-t)         .
 *  drop to the container's bounding set,        .
 *    ids and capabilities                       .
 *  posix_spawn ──▶ child blocks opening the     find the child; write its pid into the
 *                  gate                           container's cgroup.procs
 *                          ◀── gate opened ──── open the gate for writing
 *  returns the pid ◀── child execs
 *  exits
 * </pre>
 * The thread's namespaces, root and credentials are its own (setns of a PID namespace and the dropped capabilities
 * cannot be undone), so it is never a pooled or virtual thread, and it is discarded after one spawn.
 */
public final class ExecLauncher {
    private static final int NAMESPACES = Namespace.allFlags();

    private final Syscalls sys;

    public ExecLauncher(Syscalls sys) {
        Preload.classesUsedAfterPivot();
        this.sys = sys;
    }

    /**
     * Returns once the process has exec'd. Throws {@link EntrypointException} (126/127) when the command cannot be
     * executed, a {@code SyscallException} naming the call for anything the kernel refused; nothing is left running
     * then.
     */
    public LaunchedProcess launch(ExecSpec spec) {
        String gatePath = spec.gatePath().toString();
        Gate.create(sys, gatePath);
        Handoff handoff = new Handoff();
        try {
            int gate = sys.open(gatePath, OpenFlags.O_PATH | OpenFlags.O_CLOEXEC, 0);
            try {
                Thread thread = Thread.ofPlatform().name("berth-exec").start(() -> runExecThread(spec, gate, handoff));
                place(spec, gatePath, handoff);
                Gate.joinUninterruptibly(thread);
            } finally {
                sys.close(gate);
            }
        } finally {
            try {
                sys.unlink(gatePath);
            } catch (SyscallException e) {
                // Its directory goes with the exec anyway.
            }
        }
        return handoff.outcome(sys);
    }

    private void runExecThread(ExecSpec spec, int gate, Handoff handoff) {
        try {
            handoff.tid = sys.gettid();
            int pidfd = sys.pidfdOpen(spec.containerPid());
            try {
                sys.unshare(Namespace.CLONE_FS);
                sys.setns(pidfd, NAMESPACES);
            } finally {
                sys.close(pidfd);
            }
            sys.chdir("/");
            ProcessSpec process = spec.process();
            ProcessUser user;
            String executable;
            try (InRoot root = InRoot.open(sys, "/")) {
                user = ContainerSetup.user(root, process.user());
                if (root.resolve(process.workingDir()).isEmpty()) {
                    throw new EntrypointException(126, "chdir to cwd (\"" + process.workingDir()
                            + "\") set in config.json failed: no such file or directory");
                }
                executable = new ExecutableResolver(ContainerSetup.statInRoot(sys, root))
                        .resolve(process.args().getFirst(), process.path(), process.workingDir(), user);
            }
            Pty pty = null;
            if (spec.stdio().terminal() != null) {
                pty = Pty.open(sys, "/dev/pts", user, spec.stdio().terminal());
                handoff.ptyMaster = pty.master();
            }
            List<FileAction> actions = new ArrayList<>();
            // The gate first, through /proc/self/fd: this procfs is the container's, where the child is visible.
            actions.add(new FileAction.Open(0, InRoot.magicPath(gate), OpenFlags.O_RDONLY, 0));
            FastLauncher.standardStreams(actions, spec.stdio(), pty);
            actions.add(new FileAction.Chdir(process.workingDir()));
            actions.add(new FileAction.CloseFrom(3));
            SpawnRequest request = new SpawnRequest(executable, process.args(), process.envFor(user), actions, true);
            Credentials.apply(sys, user, process.capabilities(), process.noNewPrivileges());
            handoff.ready.countDown();
            try {
                handoff.spawnedPid = sys.posixSpawn(request);
            } catch (SyscallException e) {
                if ("exec".equals(e.call()) && handoff.placeError == null) {
                    throw new EntrypointException(ExecutableResolver.exitCodeFor(e.errno()),
                            "exec: \"" + process.args().getFirst() + "\": "
                                    + Errno.description(e.errno()).toLowerCase());
                }
                throw e;
            } finally {
                handoff.spawnReturned = true;
            }
        } catch (Throwable e) {
            handoff.execError = e;
        } finally {
            handoff.ready.countDown();
        }
    }

    /** On the caller's thread: the child waits at the gate until it is in the container's cgroup. */
    private void place(ExecSpec spec, String gatePath, Handoff handoff) {
        int pid = -1;
        try {
            handoff.ready.await();
            if (handoff.execError != null) {
                return;
            }
            pid = Gate.awaitChild(sys, handoff.tid, () -> handoff.spawnReturned);
            if (pid < 0) {
                return;
            }
            spec.cgroup().addProcess(pid);
            Gate.open(sys, OpenFlags.AT_FDCWD, gatePath, () -> handoff.spawnReturned);
        } catch (Throwable e) {
            handoff.placeError = e;
            if (pid > 0) {
                try {
                    sys.kill(pid, Signal.SIGKILL.number());
                } catch (SyscallException ignored) {
                    // Already gone.
                }
            }
        }
    }

    /** What the exec thread and the caller tell each other. */
    private static final class Handoff {
        final CountDownLatch ready = new CountDownLatch(1);
        volatile int tid;
        volatile int spawnedPid = -1;
        volatile int ptyMaster = -1;
        volatile boolean spawnReturned;
        volatile @Nullable Throwable execError;
        volatile @Nullable Throwable placeError;

        LaunchedProcess outcome(Syscalls sys) {
            return LaunchedProcess.settle(sys, spawnedPid, ptyMaster, placeError, execError, "exec");
        }
    }
}
