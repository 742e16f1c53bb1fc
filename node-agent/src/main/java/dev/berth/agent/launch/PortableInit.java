package dev.berth.agent.launch;

import dev.berth.agent.linux.Capability;
import dev.berth.agent.linux.FileStat;
import dev.berth.agent.linux.LinuxSyscalls;
import dev.berth.agent.linux.Namespace;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;
import dev.berth.agent.rootfs.PivotRoot;
import dev.berth.agent.rootfs.ProcMounts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The portable path's init: a short-lived JVM that is PID 1 of the container's namespaces until it execs the
 * entrypoint. It exists for kernels whose procfs cannot be created for another PID namespace from outside.
 *
 * <p>Protocol with the agent, on inherited descriptors:
 * <pre>
 *  fd 3 (read)   agent → init: length-prefixed {@link InitSpec}, later one byte "G" (go)
 *  fd 4 (write)  init → agent: "R" once mounted and pivoted; then EOF when exec succeeds (the descriptor is
 *                close-on-exec), or "E" + 3-digit exit code + message when it fails
 * </pre>
 * Between "R" and "G" the agent moves this process into the container's cgroup, so the JVM's own start-up is never
 * charged to the container's memory or pids limits. The init then unshares its cgroup namespace, rooted at that
 * cgroup, resolves the user and the executable inside the new root, drops privileges and execs.
 */
public final class PortableInit {
    static final int CONTROL_FD = 3;
    static final int STATUS_FD = 4;
    private static final int F_SETFD = 2;
    private static final int FD_CLOEXEC = 1;
    private static final int ACCOUNT_FILE_LIMIT = 1 << 20;

    private PortableInit() {}

    public static void main(String[] args) {
        Syscalls sys = new LinuxSyscalls();
        if (args.length > 0 && args[0].equals("--train")) {
            train(sys);
            return;
        }
        try {
            Preload.classesUsedAfterPivot();
            InitSpec spec = InitSpec.decode(readFrame(sys));
            ProcMounts proc = new ProcMounts(sys);
            proc.mountFromInside(spec.rootfs());
            proc.mask(spec.rootfs());
            PivotRoot.into(sys, spec.rootfs());
            sys.write(STATUS_FD, new byte[] {'R'}, 1);
            byte[] go = new byte[1];
            if (sys.read(CONTROL_FD, go, 1) != 1 || go[0] != 'G') {
                sys.exit(125);
                return;
            }
            sys.unshare(Namespace.CGROUP.flag());
            execute(sys, spec);
        } catch (EntrypointException e) {
            fail(sys, e.exitCode(), e.getMessage());
        } catch (Throwable e) {
            fail(sys, 125, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static void execute(Syscalls sys, InitSpec spec) {
        UserSpec userSpec = UserSpec.parse(spec.user());
        ProcessUser user = userSpec.resolve(readText(sys, "/etc/passwd"), readText(sys, "/etc/group"));
        ProcessSpec process = new ProcessSpec(spec.args(), spec.env(), spec.workingDir(), userSpec,
                capabilities(spec.capabilities()), spec.noNewPrivileges(), spec.init());
        String executable = new ExecutableResolver(path -> stat(sys, path))
                .resolve(process.args().getFirst(), process.path(), process.workingDir(), user);
        List<String> argv = process.args();
        String path = executable;
        if (process.init()) {
            List<String> withInit = new ArrayList<>(List.of("/dev/init", "--", executable));
            withInit.addAll(argv.subList(1, argv.size()));
            argv = withInit;
            path = "/dev/init";
        }
        sys.chdir(process.workingDir());
        Credentials.apply(sys, user, process.capabilities(), process.noNewPrivileges());
        sys.fcntl(STATUS_FD, F_SETFD, FD_CLOEXEC);
        sys.close(CONTROL_FD);
        try {
            sys.execve(path, argv, process.envFor(user));
        } catch (SyscallException e) {
            throw new EntrypointException(ExecutableResolver.exitCodeFor(e.errno()),
                    "exec: \"" + process.args().getFirst() + "\": " + e.getMessage());
        }
    }

    private static Optional<FileStat> stat(Syscalls sys, String path) {
        try {
            int fd = sys.open(path, OpenFlags.O_PATH | OpenFlags.O_CLOEXEC, 0);
            try {
                return Optional.of(sys.fstat(fd));
            } finally {
                sys.close(fd);
            }
        } catch (SyscallException e) {
            return Optional.empty();
        }
    }

    private static String readText(Syscalls sys, String path) {
        int fd;
        try {
            fd = sys.open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
        } catch (SyscallException e) {
            return "";
        }
        try {
            return new String(sys.readUpTo(fd, ACCOUNT_FILE_LIMIT), StandardCharsets.UTF_8);
        } finally {
            sys.close(fd);
        }
    }

    private static Set<Capability> capabilities(long mask) {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        for (Capability cap : Capability.values()) {
            if ((mask & (1L << cap.number())) != 0) {
                caps.add(cap);
            }
        }
        return caps;
    }

    private static byte[] readFrame(Syscalls sys) {
        byte[] header = readExactly(sys, 4);
        int length = (header[0] & 0xff) << 24 | (header[1] & 0xff) << 16 | (header[2] & 0xff) << 8
                | (header[3] & 0xff);
        return readExactly(sys, length);
    }

    private static byte[] readExactly(Syscalls sys, int length) {
        byte[] bytes = sys.readUpTo(CONTROL_FD, length);
        if (bytes.length < length) {
            throw new IllegalStateException("the agent closed the control pipe");
        }
        return bytes;
    }

    private static void fail(Syscalls sys, int exitCode, String message) {
        byte[] text = ("E" + String.format("%03d", exitCode) + message).getBytes(StandardCharsets.UTF_8);
        try {
            sys.write(STATUS_FD, text, text.length);
        } finally {
            sys.exit(exitCode);
        }
    }

    /**
     * Exercises the classes and native bindings of a real start, without side effects, so that an ahead-of-time
     * cache recorded from this run holds them.
     */
    private static void train(Syscalls sys) {
        sys.gettid();
        int fd = sys.open("/proc/self/ns/pid", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
        sys.fstat(fd);
        sys.close(fd);
        stat(sys, "/bin/sh");
        readText(sys, "/etc/passwd");
        InitSpec sample = new InitSpec("/", List.of("sh"), List.of("PATH=/bin"), "/", "0:0",
                Capability.mask(Capability.dockerDefaults()), true, false);
        InitSpec decoded = InitSpec.decode(sample.encode());
        ProcessUser user = UserSpec.parse(decoded.user()).resolve("root:x:0:0::/root:/bin/sh\n", "root:x:0:\n");
        new ExecutableResolver(path -> stat(sys, path)).resolve("sh", "/bin:/usr/bin", "/", user);
        capabilities(decoded.capabilities());
        try {
            throw new EntrypointException(127, "training");
        } catch (EntrypointException expected) {
            String.format("%03d", expected.exitCode());
        }
        try {
            sys.open("/nonexistent/berth", OpenFlags.O_RDONLY, 0);
        } catch (SyscallException expected) {
            expected.getMessage();
        }
    }
}
