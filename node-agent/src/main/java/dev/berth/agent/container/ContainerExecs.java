package dev.berth.agent.container;

import dev.berth.agent.cgroup.Cgroup;
import dev.berth.agent.console.ConsoleInput;
import dev.berth.agent.console.StdinPipe;
import dev.berth.agent.console.Terminal;
import dev.berth.agent.launch.EntrypointException;
import dev.berth.agent.launch.ExecLauncher;
import dev.berth.agent.launch.ExecSpec;
import dev.berth.agent.launch.LaunchSpec;
import dev.berth.agent.launch.LaunchedProcess;
import dev.berth.agent.launch.ProcessSpec;
import dev.berth.agent.launch.UserSpec;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.ProcStat;
import dev.berth.agent.linux.Syscalls;
import dev.berth.agent.linux.WaitStatus;
import dev.berth.agent.stdio.LogFiles;
import dev.berth.agent.stdio.LogIndexer;
import dev.berth.agent.stdio.LogStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes run inside running containers ({@code docker exec}). The records live in memory only: an agent restart
 * forgets them (their processes go on, unwatched, until their container stops). A finished exec is kept for
 * {@link #KEEP_FINISHED}, and all of a container's go when it is removed.
 *
 * <p>The output of an attached exec goes to files of its own, as a container's does, so that clients follow it with
 * the same reader and a slow one never blocks the process:
 * <pre>
 * /run/berth/exec/&lt;exec id&gt;/
 * ├── gate                    the start gate, only while it starts
 * ├── stdout.log stdout.idx   see LogFiles (with a terminal, everything it shows is stdout)
 * └── stderr.log stderr.idx
 * </pre>
 * A detached exec's output is discarded, as under Docker.
 */
public final class ContainerExecs {
    private static final Logger log = LoggerFactory.getLogger(ContainerExecs.class);
    static final Duration KEEP_FINISHED = Duration.ofMinutes(10);

    private final ContainerRuntime runtime;
    private final ExecLauncher launcher;
    private final Syscalls sys;
    private final Reaper reaper;
    private final LogIndexer logs;
    private final Path execDir;
    private final Clock clock;
    private final Map<String, Exec> byId = new ConcurrentHashMap<>();

    ContainerExecs(ContainerRuntime runtime, ExecLauncher launcher, Syscalls sys, Reaper reaper, LogIndexer logs,
                   Path execDir, Clock clock) {
        this.runtime = runtime;
        this.launcher = launcher;
        this.sys = sys;
        this.reaper = reaper;
        this.logs = logs;
        this.execDir = execDir;
        this.clock = clock;
    }

    /** Registers an exec in a running container; it starts with {@link #start}. */
    public Exec create(String containerReference, ExecRequest request) {
        Container container = runtime.get(containerReference);
        requireRunning(container);
        prune();
        String id = ContainerId.random().value();
        Path dir = directory(id);
        LogFiles output = null;
        if (!request.detach()) {
            output = new LogFiles(dir);
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                // Empty logs now: an attach opens them before the process starts, and so misses nothing.
                Files.createFile(output.log(LogStream.STDOUT));
                Files.createFile(output.log(LogStream.STDERR));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the logs of exec " + id + " in " + dir, e);
            }
        }
        Exec exec = new Exec(id, container.id().value(), request, output);
        byId.put(id, exec);
        return exec;
    }

    public Exec get(String id) {
        Exec exec = byId.get(id);
        if (exec == null) {
            throw new NoSuchExecException(id);
        }
        return exec;
    }

    /**
     * Starts the exec; returns once its process runs. An exec starts once: a second start is a conflict. A command
     * that cannot be executed throws {@link EntrypointException}, and the exec has exited with its code (126, 127).
     */
    public Exec start(String id) {
        Exec exec = get(id);
        if (!exec.claimStart()) {
            throw new ContainerConflictException("exec " + id + " has already been started");
        }
        try {
            launch(exec);
        } catch (EntrypointException e) {
            finish(exec, e.exitCode());
            throw e;
        } catch (RuntimeException e) {
            finish(exec, 126);
            throw e;
        }
        return exec;
    }

    /** Sets the size of the exec's terminal, now if it runs and when it starts. */
    public void resize(String id, dev.berth.agent.launch.WindowSize size) {
        Exec exec = get(id);
        if (!exec.request().tty()) {
            throw new ContainerConflictException("exec " + id + " has no terminal; create it with a tty (-t)");
        }
        exec.console().resize(size);
    }

    private void launch(Exec exec) {
        Container container = runtime.get(exec.containerId());
        Cgroup cgroup;
        int containerPid;
        container.lock().lock();
        try {
            requireRunning(container);
            cgroup = container.cgroup();
            containerPid = container.state().pid();
            if (cgroup == null) {
                throw new ContainerConflictException("container " + container.config().name()
                        + " is running without a cgroup the agent knows (the agent was restarted meanwhile)");
            }
        } finally {
            container.lock().unlock();
        }
        ContainerConfig config = container.config();
        ExecRequest request = exec.request();
        ProcessSpec process = new ProcessSpec(request.cmd(), ContainerRuntime.mergeEnv(config.env(), request.env()),
                request.workingDir() != null ? request.workingDir() : config.workingDir(),
                request.user() != null ? request.user() : UserSpec.parse(config.user()),
                ContainerRuntime.capabilities(cgroup), true, false);
        Path dir = directory(exec.id());
        LogFiles output = exec.output();
        int[] outputFds = null;
        int[] stdinPipe = null;
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            if (output != null) {
                outputFds = output.openForContainer(sys);
                logs.watch(exec.id(), output);
            } else {
                int devNull = sys.open("/dev/null", OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC, 0);
                outputFds = new int[] {devNull, devNull};
            }
            if (request.stdin() && !request.tty()) {
                stdinPipe = sys.pipe2(OpenFlags.O_CLOEXEC);
            }
            LaunchSpec.Stdio stdio = new LaunchSpec.Stdio(stdinPipe != null ? stdinPipe[0] : -1, outputFds[0],
                    outputFds[1], request.tty() ? exec.console().size() : null);
            LaunchedProcess launched = launcher.launch(new ExecSpec(containerPid, process, stdio, cgroup,
                    dir.resolve("gate")));
            exec.running(launched.pid());
            ConsoleInput input = null;
            if (request.tty()) {
                input = Terminal.start(sys, launched.ptyMaster(),
                        output != null ? output.log(LogStream.STDOUT) : Path.of("/dev/null"), exec.id().substring(0, 12));
            } else if (stdinPipe != null) {
                input = new StdinPipe(sys, stdinPipe[1]);
                stdinPipe[1] = -1;
            }
            if (input != null) {
                exec.console().opened(input);
            }
            reaper.watch(launched.pid(), ProcStat.startTime(launched.pid()), true, status -> onExit(exec, status));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare exec " + exec.id() + " in " + dir, e);
        } finally {
            if (outputFds != null) {
                sys.close(outputFds[0]);
                if (outputFds[1] != outputFds[0]) {
                    sys.close(outputFds[1]);
                }
            }
            if (stdinPipe != null) {
                sys.close(stdinPipe[0]);
                if (stdinPipe[1] >= 0) {
                    sys.close(stdinPipe[1]);
                }
            }
        }
    }

    private void onExit(Exec exec, Optional<WaitStatus> status) {
        ContainerRuntime.closeConsole(exec.console());
        finish(exec, status.map(WaitStatus::shellExitCode).orElse(255));
    }

    /** The log is complete before the exit is recorded, so a follower that sees the exit has every byte. */
    private void finish(Exec exec, int exitCode) {
        exec.console().closed();
        if (exec.output() != null) {
            logs.finish(exec.id());
        }
        exec.exited(exitCode, clock.instant());
        logs.notifyListeners(exec.id());
    }

    /** The container is gone: its execs, and their logs, go too. */
    void containerRemoved(String containerId) {
        for (Exec exec : List.copyOf(byId.values())) {
            if (exec.containerId().equals(containerId)) {
                forget(exec);
            }
        }
    }

    private void prune() {
        Instant horizon = clock.instant().minus(KEEP_FINISHED);
        for (Exec exec : List.copyOf(byId.values())) {
            Instant finished = exec.finishedAt();
            if (finished != null && finished.isBefore(horizon)) {
                forget(exec);
            }
        }
    }

    private void forget(Exec exec) {
        byId.remove(exec.id());
        Path dir = directory(exec.id());
        try (Stream<Path> walk = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.debug("cannot remove {}: {}", dir, e.toString());
        }
    }

    private Path directory(String id) {
        return execDir.resolve(id);
    }

    private static void requireRunning(Container container) {
        if (!container.state().running()) {
            throw new ContainerConflictException("container " + container.config().name() + " is not running: "
                    + "start it before exec");
        }
    }
}
