package dev.berth.agent.launch;

import dev.berth.agent.cgroup.Cgroup;
import dev.berth.agent.linux.Capability;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.Signal;
import dev.berth.agent.linux.SpawnRequest;
import dev.berth.agent.linux.SpawnRequest.FileAction;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The portable path, for kernels that cannot create a procfs for another PID namespace: a short-lived init JVM is
 * PID 1 and does from inside what the fast path does from outside ({@link PortableInit}), then execs the entrypoint.
 * Costs one JVM start per launch (about 0.1 s with an AOT cache), and nothing while the container runs.
 */
public final class PortableLauncher implements Launcher {
    private final Syscalls sys;
    private final ContainerSetup setup;
    private final InitCommand init;

    public PortableLauncher(Syscalls sys, InitCommand init) {
        Preload.classesUsedAfterPivot();
        this.sys = sys;
        this.setup = new ContainerSetup(sys);
        this.init = init;
    }

    @Override
    public String mode() {
        return "portable";
    }

    @Override
    public LaunchedProcess launch(LaunchSpec spec) {
        if (spec.stdio().terminal() != null) {
            // The init JVM would have to open the slave itself after its pivot; it does not yet.
            throw new LaunchException("a terminal (-t) needs the fast launch path (Linux 6.18+, "
                    + "berth.agent.launch-mode=auto or fast); this agent uses the portable path");
        }
        int[] control = sys.pipe2(OpenFlags.O_CLOEXEC);
        int[] status = sys.pipe2(OpenFlags.O_CLOEXEC);
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        int[] pid = {-1};
        Thread launcher = Thread.ofPlatform().name("berth-launch").start(() -> {
            try {
                // The cgroup namespace is left to the init, once it is in its cgroup.
                setup.enter(spec);
                pid[0] = sys.posixSpawn(spawnRequest(spec, control[0], status[1]));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        join(launcher);
        sys.close(control[0]);
        sys.close(status[1]);
        try {
            Throwable error = failure.get();
            if (error != null) {
                throw error instanceof RuntimeException runtime ? runtime : new LaunchException(error.toString(), error);
            }
            converse(spec, pid[0], control[1], status[0]);
            return new LaunchedProcess(pid[0]);
        } finally {
            sys.close(control[1]);
            sys.close(status[0]);
        }
    }

    private SpawnRequest spawnRequest(LaunchSpec spec, int controlRead, int statusWrite) {
        List<FileAction> actions = List.of(
                spec.stdio().stdin() >= 0
                        ? new FileAction.Dup2(spec.stdio().stdin(), 0)
                        : new FileAction.Open(0, "/dev/null", OpenFlags.O_RDONLY, 0),
                new FileAction.Dup2(spec.stdio().stdout(), 1),
                new FileAction.Dup2(spec.stdio().stderr(), 2),
                new FileAction.Dup2(controlRead, PortableInit.CONTROL_FD),
                new FileAction.Dup2(statusWrite, PortableInit.STATUS_FD),
                new FileAction.CloseFrom(PortableInit.STATUS_FD + 1));
        List<String> argv = init.argv();
        return new SpawnRequest(init.java(), argv, List.of("PATH=/usr/bin:/bin", "LANG=C.UTF-8"), actions, true);
    }

    /** The init's side of the protocol described in {@link PortableInit}. */
    private void converse(LaunchSpec spec, int pid, int control, int status) {
        ProcessSpec process = spec.process();
        byte[] encoded = new InitSpec(spec.rootfs().mountpoint(), process.args(), process.env(), process.workingDir(),
                process.user().toString(), Capability.mask(process.capabilities()), process.noNewPrivileges(),
                process.init()).encode();
        try {
            byte[] frame = new byte[4 + encoded.length];
            frame[0] = (byte) (encoded.length >>> 24);
            frame[1] = (byte) (encoded.length >>> 16);
            frame[2] = (byte) (encoded.length >>> 8);
            frame[3] = (byte) encoded.length;
            System.arraycopy(encoded, 0, frame, 4, encoded.length);
            sys.writeFully(control, frame);
            byte[] ready = new byte[1];
            if (sys.read(status, ready, 1) != 1) {
                throw failed(pid, "");
            }
            if (ready[0] != 'R') {
                throw failed(pid, (char) ready[0] + readAll(status));
            }
            Cgroup cgroup = spec.cgroup();
            cgroup.addProcess(pid);
            cgroup.limitPids();
            sys.writeFully(control, new byte[] {'G'});
            String outcome = readAll(status);
            if (!outcome.isEmpty()) {
                throw failed(pid, outcome);
            }
        } catch (RuntimeException e) {
            try {
                sys.kill(pid, Signal.SIGKILL.number());
                sys.waitpid(pid, false);
            } catch (SyscallException ignored) {
                // It was gone already.
            }
            throw e;
        }
    }

    /** The init exits by itself after reporting; converse() reaps it. */
    private RuntimeException failed(int pid, String report) {
        if (report.startsWith("E") && report.length() >= 4) {
            int code = Integer.parseInt(report.substring(1, 4));
            String message = report.substring(4);
            return code == 126 || code == 127 ? new EntrypointException(code, message)
                    : new LaunchException("portable init: " + message);
        }
        return new LaunchException("the portable init exited before it was ready" + (report.isEmpty() ? ""
                : ": " + report) + "; its output is in the container's log");
    }

    /** What the init writes on the status pipe until it closes (at its exec, or its exit). */
    private String readAll(int fd) {
        return new String(sys.readUpTo(fd, 1 << 20), StandardCharsets.UTF_8);
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while launching");
        }
    }
}
