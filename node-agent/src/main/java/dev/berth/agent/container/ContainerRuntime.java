package dev.berth.agent.container;

import dev.berth.agent.cgroup.Cgroup;
import dev.berth.agent.cgroup.CgroupManager;
import dev.berth.agent.cgroup.CgroupStats;
import dev.berth.agent.console.ConsoleInput;
import dev.berth.agent.console.ConsoleSlot;
import dev.berth.agent.console.LoggedInput;
import dev.berth.agent.console.StdinPipe;
import dev.berth.agent.console.Terminal;
import dev.berth.agent.image.Digest;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageConfig;
import dev.berth.agent.image.ImageRemoval;
import dev.berth.agent.image.ImageStore;
import dev.berth.agent.image.NoSuchImageException;
import dev.berth.agent.launch.EntrypointException;
import dev.berth.agent.launch.ExecLauncher;
import dev.berth.agent.launch.LaunchSpec;
import dev.berth.agent.launch.LaunchedProcess;
import dev.berth.agent.launch.Launcher;
import dev.berth.agent.launch.ProcessSpec;
import dev.berth.agent.launch.UserSpec;
import dev.berth.agent.launch.WindowSize;
import dev.berth.agent.linux.Capability;
import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.OpenFlags;
import dev.berth.agent.linux.ProcStat;
import dev.berth.agent.linux.Signal;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;
import dev.berth.agent.linux.WaitStatus;
import dev.berth.agent.metrics.AgentMeters;
import dev.berth.agent.network.ContainerNetworking;
import dev.berth.agent.network.HostsFile;
import dev.berth.agent.network.InterfaceCounters;
import dev.berth.agent.network.NetworkAttachment;
import dev.berth.agent.network.PublishedPort;
import dev.berth.agent.rootfs.RootfsSpec;
import dev.berth.agent.stdio.LogIndexer;
import dev.berth.agent.stdio.LogStream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of this node's containers: create, start, stop, kill, wait, restart, remove, list, inspect.
 *
 * <p>Plain blocking Java; the API calls it from its own bounded scheduler. Each container's transitions are
 * serialised by its lock, and its state is on disk before a caller sees it. Exits arrive from the {@link Reaper}.
 */
public final class ContainerRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ContainerRuntime.class);
    private static final Duration KILL_GRACE = Duration.ofSeconds(10);
    private static final Duration TERMINAL_DRAIN = Duration.ofSeconds(1);
    private static final String UNKNOWN_EXIT = "the node agent was restarted while the container ran, without a "
            + "supervisor to record how it ended; its exit status is unknown";
    private static final java.nio.file.attribute.FileAttribute<?> PRIVATE_DIRECTORY =
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));

    private final Syscalls sys;
    private final ImageStore images;
    private final CgroupManager cgroups;
    private final Launcher launcher;
    private final LogIndexer logs;
    private final ContainerNetworking networking;
    private final Object hostsFiles = new Object();
    private final Reaper reaper;
    private final ContainerStore store;
    private final HostCapacity host;
    private final Path runDir;
    private final @Nullable String initBinary;
    private final Clock clock;
    private final ContainerIndex index;
    private final ReentrantReadWriteLock imageUse = new ReentrantReadWriteLock();
    private final Timer launchTimer;
    private final MeterRegistry meters;
    private final ContainerExecs execs;
    private volatile @Nullable LogHandoff logHandoff;

    /** Everything the runtime works with; the agent's wiring builds one. */
    public record Dependencies(Syscalls sys, ImageStore images, CgroupManager cgroups, Launcher launcher,
                               LogIndexer logs, ContainerNetworking networking, Reaper reaper, ContainerStore store,
                               HostCapacity host, Path runDir, @Nullable String initBinary, Clock clock,
                               MeterRegistry meters, ExecLauncher execLauncher) {}

    public ContainerRuntime(Dependencies deps) {
        this.sys = deps.sys();
        this.images = deps.images();
        this.cgroups = deps.cgroups();
        this.launcher = deps.launcher();
        this.logs = deps.logs();
        this.networking = deps.networking();
        this.reaper = deps.reaper();
        this.store = deps.store();
        this.host = deps.host();
        this.runDir = deps.runDir();
        this.initBinary = deps.initBinary();
        this.clock = deps.clock();
        this.meters = deps.meters();
        this.index = new ContainerIndex(clock);
        // Beside the launches' directory: /run/berth/exec.
        this.execs = new ContainerExecs(this, deps.execLauncher(), sys, reaper, logs, runDir.resolveSibling("exec"),
                clock);
        this.launchTimer = Timer.builder(AgentMeters.LAUNCH.meterName())
                .description(AgentMeters.LAUNCH.description()).tag("mode", launcher.mode()).register(meters);
        for (ContainerStatus status : ContainerStatus.values()) {
            Gauge.builder(AgentMeters.CONTAINERS.meterName(), index.byId(),
                            all -> all.values().stream().filter(c -> c.state().status() == status).count())
                    .description(AgentMeters.CONTAINERS.description()).tag("state", status.apiName())
                    .register(meters);
        }
    }

    /**
     * Who takes a removed container's logs before its directory is deleted: the log shipper, which keeps them until
     * they are shipped. Set before {@link #recover}, which may remove containers.
     */
    public void logHandoff(LogHandoff handoff) {
        this.logHandoff = handoff;
    }

    public String launchMode() {
        return launcher.mode();
    }

    public String cgroupVersion() {
        return cgroups.version();
    }

    public HostCapacity host() {
        return host;
    }

    // --- create -----------------------------------------------------------------------------------------------

    public Container create(ContainerSpec spec) {
        // Held from the image lookup until the container is registered, so that rmi cannot delete the layers in
        // between (see removeImage).
        imageUse.readLock().lock();
        try {
            return createLocked(spec);
        } finally {
            imageUse.readLock().unlock();
        }
    }

    private Container createLocked(ContainerSpec spec) {
        Image image = images.find(spec.image()).orElseThrow(() -> new NoSuchImageException(spec.image()));
        ImageConfig defaults = image.config();
        List<String> entrypoint = spec.entrypoint() != null ? spec.entrypoint() : defaults.entrypoint();
        // As in Docker, a new entrypoint drops the image's command unless one is given.
        List<String> cmd = spec.cmd() != null ? spec.cmd()
                : spec.entrypoint() != null ? List.of() : defaults.cmd();
        if (entrypoint.isEmpty() && cmd.isEmpty()) {
            throw new InvalidSpecException("cmd", "no command specified, and image " + spec.image() + " has none");
        }
        ContainerId id = ContainerId.random();
        ContainerName name = spec.name() != null ? spec.name() : uniqueRandomName();
        String workingDir = spec.workingDir() != null && !spec.workingDir().isEmpty() ? spec.workingDir()
                : defaults.workingDir().isEmpty() ? "/" : defaults.workingDir();
        String user = spec.user() != null ? spec.user().toString() : defaults.user();
        UserSpec.parse(user);
        String hostname = spec.hostname() != null && !spec.hostname().isEmpty() ? spec.hostname() : id.shortId();
        if (!index.reserveName(name, id)) {
            throw new ContainerConflictException("the container name \"" + name + "\" is already in use by container "
                    + index.holderOf(name) + "; remove or rename that container to reuse the name");
        }
        NetworkAttachment attachment = null;
        try {
            attachment = networking.attach(id.value(), spec.network(), spec.ports());
            ContainerConfig config = new ContainerConfig(id, name, clock.instant(), spec.image(),
                    image.id().toString(), image.layerDirs().stream().map(Path::toString).toList(), entrypoint, cmd,
                    mergeEnv(defaults.env(), spec.env()), workingDir, user, hostname, spec.limits(), spec.init(),
                    spec.network(), attachment, spec.ports(), spec.autoRemove(), spec.stdio(), spec.labels());
            ContainerState state = ContainerState.created();
            ContainerPaths paths = store.create(config, state);
            Container container = new Container(config, paths, state);
            index.add(container);
            return container;
        } catch (RuntimeException e) {
            if (attachment != null) {
                networking.detach(id.value(), attachment);
            }
            index.releaseName(name, id);
            throw e;
        }
    }

    private ContainerName uniqueRandomName() {
        for (int i = 0; i < 100; i++) {
            ContainerName name = ContainerName.random();
            if (index.holderOf(name) == null) {
                return name;
            }
        }
        throw new IllegalStateException("no free random container name");
    }

    /** The image's environment, with the caller's entries replacing those of the same key. */
    static List<String> mergeEnv(List<String> image, List<String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String entry : image) {
            merged.put(key(entry), entry);
        }
        for (String entry : overrides) {
            merged.put(key(entry), entry);
        }
        return List.copyOf(merged.values());
    }

    private static String key(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }

    // --- start ------------------------------------------------------------------------------------------------

    public void start(String reference) {
        Container container = get(reference);
        container.lock().lock();
        try {
            if (container.removed()) {
                throw new NoSuchContainerException(reference);
            }
            if (container.state().running()) {
                return; // as docker start: starting a running container changes nothing
            }
            launch(container);
        } finally {
            container.lock().unlock();
        }
    }

    private void launch(Container container) {
        ContainerConfig config = container.config();
        ContainerPaths paths = container.paths();
        String id = config.id().value();
        cgroups.find(id).ifPresent(Cgroup::destroy);
        Cgroup cgroup = cgroups.create(id, config.limits().toResources());
        Path runtimeDir = runDir.resolve(id);
        int[] logFds = null;
        int[] stdinPipe = null;
        int stdinLog = -1;
        ContainerStdio stdio = config.stdio();
        Timer.Sample sample = Timer.start(meters);
        try {
            NetworkAttachment network = config.attachment();
            List<PublishedPort> ports = networking.publish(id, network, config.ports());
            Map<String, String> etc = EtcFiles.write(paths, config.hostname(), hostsFileOf(container),
                    network.sharesHostNamespace());
            // Private: the gate inside may only be opened through the launch's own descriptors.
            Files.createDirectories(runtimeDir, PRIVATE_DIRECTORY);
            logFds = paths.logs().openForContainer(sys);
            if (stdio.logStdin()) {
                // Before the indexer watches: it watches a stdin log only where one exists.
                stdinLog = sys.open(paths.logs().log(LogStream.STDIN).toString(), OpenFlags.O_WRONLY
                        | OpenFlags.O_APPEND | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, 0640);
            }
            logs.watch(id, paths.logs());
            if (stdio.openStdin() && !stdio.tty()) {
                stdinPipe = sys.pipe2(OpenFlags.O_CLOEXEC);
            }
            LaunchSpec spec = new LaunchSpec(id,
                    new RootfsSpec(paths.rootfs().toString(), config.layerDirs(), paths.upper().toString(),
                            paths.work().toString(), etc, config.init() ? initBinary() : null),
                    new ProcessSpec(config.args(), config.env(), config.workingDir(), UserSpec.parse(config.user()),
                            capabilities(cgroup), true, config.init()),
                    config.hostname(), new LaunchSpec.Stdio(stdinPipe != null ? stdinPipe[0] : -1, logFds[0],
                            logFds[1], stdio.tty() ? container.console().size() : null), cgroup, runtimeDir,
                    networking.setupFor(id, network));
            LaunchedProcess process = launcher.launch(spec);
            sample.stop(launchTimer);
            ConsoleInput input = null;
            if (stdio.tty()) {
                input = Terminal.start(sys, process.ptyMaster(), paths.logs().log(LogStream.STDOUT), id.substring(0,
                        12));
            } else if (stdinPipe != null) {
                input = new StdinPipe(sys, stdinPipe[1]);
                stdinPipe[1] = -1;
            }
            if (input != null) {
                if (stdinLog >= 0) {
                    input = new LoggedInput(input, sys, stdinLog);
                    stdinLog = -1;
                }
                container.console().opened(input);
            }
            container.cgroup(cgroup);
            long startTime = ProcStat.startTime(process.pid());
            container.state(container.state().started(process.pid(), startTime, clock.instant(), ports));
            store.saveState(config.id(), container.state());
            logs.notifyListeners(id);
            reaper.watch(process.pid(), startTime, true, status -> onExit(container, status));
            refreshPeers(container);
        } catch (EntrypointException e) {
            failStart(container, cgroup, e.exitCode(), e.getMessage(), "entrypoint");
            throw e;
        } catch (IOException e) {
            failStart(container, cgroup, 128, e.toString(), "runtime");
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            failStart(container, cgroup, 128, e.getMessage() == null ? e.toString() : e.getMessage(), "runtime");
            throw e;
        } finally {
            if (logFds != null) {
                sys.close(logFds[0]);
                sys.close(logFds[1]);
            }
            if (stdinPipe != null) {
                sys.close(stdinPipe[0]);
                if (stdinPipe[1] >= 0) {
                    sys.close(stdinPipe[1]);
                }
            }
            if (stdinLog >= 0) {
                sys.close(stdinLog);
            }
            deleteQuietly(runtimeDir);
        }
    }

    private String initBinary() {
        if (initBinary == null || !Files.isExecutable(Path.of(initBinary))) {
            throw new InvalidSpecException("init", "--init needs an init binary at " + initBinary
                    + "; install Debian's tini package (deploy/up.sh does)");
        }
        return initBinary;
    }

    /** Docker's default set; without a devices cgroup (v2), CAP_MKNOD goes too, so no disk can be made. */
    static Set<Capability> capabilities(Cgroup cgroup) {
        Set<Capability> caps = EnumSet.copyOf(Capability.dockerDefaults());
        if (!cgroup.controlsDevices()) {
            caps.remove(Capability.MKNOD);
        }
        return caps;
    }

    private void failStart(Container container, Cgroup cgroup, int exitCode, String error, String reason) {
        Counter.builder(AgentMeters.LAUNCH_FAILURES.meterName())
                .description(AgentMeters.LAUNCH_FAILURES.description()).tag("reason", reason).register(meters)
                .increment();
        try {
            cgroup.destroy();
        } catch (RuntimeException e) {
            log.warn("cannot remove the cgroup of {}: {}", container.id(), e.getMessage());
        }
        networking.stopped(container.id().value(), container.config().attachment());
        container.console().closed();
        logs.finish(container.id().value());
        container.state(container.state().failedToStart(exitCode, error, clock.instant()));
        store.saveState(container.id(), container.state());
        container.exited(container.lastExit());
        logs.notifyListeners(container.id().value());
        if (container.config().autoRemove()) {
            removeLocked(container);
        }
    }

    // --- exit -------------------------------------------------------------------------------------------------

    /**
     * Records an exit. The order matters: the log is indexed to its end before the state says exited (a follower
     * that sees "exited" has everything), and the exit is reported before the cgroup is torn down, which waits on
     * the kernel and may take milliseconds.
     */
    private void onExit(Container container, Optional<WaitStatus> status) {
        container.lock().lock();
        try {
            if (!container.state().running()) {
                return;
            }
            Cgroup cgroup = container.cgroup();
            boolean oom = cgroup != null && cgroup.oomKills() > 0;
            closeConsole(container.console());
            logs.finish(container.id().value());
            int pid = container.state().pid();
            long startTime = container.state().pidStartTime();
            container.state(container.state().exited(status.map(WaitStatus::shellExitCode).orElse(255), oom,
                    status.isPresent() ? null : UNKNOWN_EXIT, clock.instant()));
            store.saveState(container.id(), container.state());
            reaper.discardRecord(pid, startTime);
            String reason = oom ? "oom" : status.map(s -> s.signalled() ? "signalled" : "exited").orElse("unknown");
            Counter.builder(AgentMeters.EXITS.meterName()).description(AgentMeters.EXITS.description())
                    .tag("reason", reason).register(meters).increment();
            // Before the exit is reported: whoever waits for it may publish the same host port at once.
            networking.stopped(container.id().value(), container.config().attachment());
            container.exited(container.lastExit());
            logs.notifyListeners(container.id().value());
            refreshPeers(container);
            if (cgroup != null) {
                cgroup.destroy();
                container.cgroup(null);
            }
            if (container.config().autoRemove()) {
                removeLocked(container);
            }
        } catch (RuntimeException e) {
            log.error("handling the exit of container {} failed", container.id(), e);
        } finally {
            container.lock().unlock();
        }
    }

    /**
     * Ends a run's console: a terminal's relay is given a moment to copy the last output into the log (the pty closes
     * when the last process holding it is gone), so that the log is complete before the exit is reported.
     */
    static void closeConsole(ConsoleSlot console) {
        Terminal terminal = console.terminal();
        if (terminal != null) {
            terminal.awaitDrained(TERMINAL_DRAIN.toMillis());
        }
        console.closed();
    }

    /** Sets the size of the container's terminal, now if it runs and at its next start. */
    public void resize(String reference, WindowSize size) {
        Container container = get(reference);
        if (!container.config().stdio().tty()) {
            throw new ContainerConflictException("container " + container.config().name() + " has no terminal; "
                    + "create it with a tty (-t) to resize it");
        }
        container.console().resize(size);
    }

    // --- stop, kill, restart, wait ----------------------------------------------------------------------------

    /** SIGTERM, then SIGKILL after {@code timeout}; returns once the container has exited. */
    public void stop(String reference, Duration timeout) {
        Container container = get(reference);
        CompletableFuture<ExitResult> exit;
        container.lock().lock();
        try {
            if (!container.state().running()) {
                return;
            }
            exit = container.nextExit();
            signal(container, Signal.SIGTERM);
        } finally {
            container.lock().unlock();
        }
        if (await(exit, timeout) == null) {
            container.lock().lock();
            try {
                if (container.state().running()) {
                    signal(container, Signal.SIGKILL);
                }
            } finally {
                container.lock().unlock();
            }
            if (await(exit, KILL_GRACE) == null) {
                throw new IllegalStateException("container " + container.config().name()
                        + " did not exit " + KILL_GRACE.toSeconds() + " s after SIGKILL");
            }
        }
    }

    public void kill(String reference, Signal signal) {
        Container container = get(reference);
        container.lock().lock();
        try {
            if (!container.state().running()) {
                throw new ContainerConflictException("container " + container.config().name() + " is not running");
            }
            signal(container, signal);
        } finally {
            container.lock().unlock();
        }
    }

    /** Called with the lock held: the pid cannot be reaped, and so reused, meanwhile. */
    private void signal(Container container, Signal signal) {
        try {
            sys.kill(container.state().pid(), signal.number());
        } catch (SyscallException e) {
            if (e.errno() != Errno.ESRCH) {
                throw e;
            }
        }
    }

    public void restart(String reference, Duration timeout) {
        stop(reference, timeout);
        start(reference);
    }

    /** Completes when the container has exited, per {@code condition}. */
    public CompletableFuture<ExitResult> waitFor(String reference, WaitCondition condition) {
        Container container;
        try {
            container = get(reference);
        } catch (NoSuchContainerException e) {
            ExitResult buried = index.buried(reference);
            if (buried != null) {
                return CompletableFuture.completedFuture(buried);
            }
            throw e;
        }
        container.lock().lock();
        try {
            if (condition == WaitCondition.REMOVED) {
                return container.removal();
            }
            if (condition == WaitCondition.NOT_RUNNING && container.state().status() == ContainerStatus.EXITED) {
                return CompletableFuture.completedFuture(container.lastExit());
            }
            return container.nextExit();
        } finally {
            container.lock().unlock();
        }
    }

    private static @Nullable ExitResult await(CompletableFuture<ExitResult> exit, Duration timeout) {
        try {
            return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a container to exit");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    // --- remove -----------------------------------------------------------------------------------------------

    public void remove(String reference, boolean force) {
        Container container = get(reference);
        if (container.state().running()) {
            if (!force) {
                throw new ContainerConflictException("you cannot remove a running container "
                        + container.config().name() + "; stop it first, or remove it with force");
            }
            CompletableFuture<ExitResult> exit;
            container.lock().lock();
            try {
                exit = container.nextExit();
                if (container.state().running()) {
                    signal(container, Signal.SIGKILL);
                }
            } finally {
                container.lock().unlock();
            }
            await(exit, KILL_GRACE);
        }
        container.lock().lock();
        try {
            if (container.state().running()) {
                throw new ContainerConflictException("container " + container.config().name()
                        + " is still running");
            }
            if (!container.removed()) {
                removeLocked(container);
            }
        } finally {
            container.lock().unlock();
        }
    }

    private void removeLocked(Container container) {
        String id = container.id().value();
        container.markRemoved();
        execs.containerRemoved(id);
        cgroups.find(id).ifPresent(Cgroup::destroy);
        networking.stopped(id, container.config().attachment());
        networking.detach(id, container.config().attachment());
        logs.finish(id);
        LogHandoff handoff = logHandoff;
        if (handoff != null) {
            try {
                handoff.removed(container);
            } catch (RuntimeException e) {
                log.error("the unshipped logs of container {} could not be kept: {}", id, e.toString());
            }
        }
        store.delete(container.id());
        index.remove(container);
        if (container.config().autoRemove()) {
            index.bury(container, container.lastExit());
        }
        container.removalDone();
        logs.notifyListeners(id);
    }

    // --- queries ----------------------------------------------------------------------------------------------

    /** By full id, name, or unique id prefix. */
    public Container get(String reference) {
        return index.get(reference);
    }

    /** Newest first; only running ones unless {@code all}. */
    public List<Container> list(boolean all) {
        return index.all().stream().filter(c -> all || c.state().running()).toList();
    }

    /** The traffic through the container's eth0; empty for none and host, or when it does not run. */
    public Optional<InterfaceCounters> networkCounters(String reference) {
        Container container = get(reference);
        return container.state().running()
                ? networking.counters(container.id().value(), container.config().attachment()) : Optional.empty();
    }

    /** Processes started inside this node's running containers. */
    public ContainerExecs execs() {
        return execs;
    }

    public ContainerNetworking networking() {
        return networking;
    }

    // --- names on user networks -------------------------------------------------------------------------------

    /** The container's /etc/hosts: itself, and on a user network its running peers there. */
    private String hostsFileOf(Container container) {
        NetworkAttachment network = container.config().attachment();
        return HostsFile.render(container.config().hostname(), network.address(),
                network.resolvesNames() ? peersOf(container) : List.of());
    }

    private List<HostsFile.Peer> peersOf(Container container) {
        String networkId = container.config().attachment().networkId();
        return index.all().stream()
                .filter(c -> c != container && c.state().running() && networkId != null
                        && networkId.equals(c.config().attachment().networkId())
                        && c.config().attachment().address() != null)
                .map(c -> new HostsFile.Peer(c.config().name().toString(), c.id().shortId(),
                        c.config().attachment().address()))
                .toList();
    }

    /**
     * Rewrites the /etc/hosts of every running container on the network {@code changed} is on, after it started or
     * stopped. Serialised, so that two changes cannot interleave their writes to one file.
     */
    private void refreshPeers(Container changed) {
        NetworkAttachment network = changed.config().attachment();
        if (!network.resolvesNames()) {
            return;
        }
        synchronized (hostsFiles) {
            for (Container peer : index.all()) {
                if (peer == changed || !peer.state().running()
                        || !java.util.Objects.equals(peer.config().attachment().networkId(), network.networkId())) {
                    continue;
                }
                try {
                    HostsFile.rewrite(peer.paths().hosts(), hostsFileOf(peer));
                } catch (IOException e) {
                    log.warn("cannot update /etc/hosts of container {}: {}", peer.id(), e.toString());
                }
            }
        }
    }

    public CgroupStats stats(String reference) {
        Container container = get(reference);
        Cgroup cgroup = container.cgroup();
        if (!container.state().running() || cgroup == null) {
            throw new ContainerConflictException("container " + container.config().name() + " is not running");
        }
        return cgroup.stats();
    }

    /**
     * Removes an image or a tag, refused while any container (running or not) was created from the image: its layers
     * are that container's lowerdirs.
     */
    public List<ImageRemoval> removeImage(String reference, boolean force) {
        imageUse.writeLock().lock();
        try {
            return images.remove(reference, force, this::imageInUse);
        } finally {
            imageUse.writeLock().unlock();
        }
    }

    /** Whether any container, running or not, was created from this image. */
    public boolean imageInUse(Digest imageId) {
        String id = imageId.toString();
        return index.all().stream().anyMatch(c -> c.config().imageId().equals(id));
    }

    public List<Container> all() {
        return index.all();
    }

    // --- recovery ---------------------------------------------------------------------------------------------

    /**
     * Loads the containers on disk after an agent start (see {@link Recovery}). One still running (same pid, same
     * start time) is adopted: watched until it exits, with the supervisor's record of that exit, since it is no
     * longer the agent's child. One that ended meanwhile gets the exit the supervisor recorded, or 255 without one;
     * its log is indexed to the end first. A start the agent died in the middle of is undone.
     */
    public void recover() {
        Map<String, NetworkAttachment> attachments = new LinkedHashMap<>();
        List<ContainerNetworking.Running> running = new java.util.ArrayList<>();
        Set<String> adopted = new java.util.HashSet<>();
        List<Container> toRemove = new java.util.ArrayList<>();
        int[] counts = new int[3];
        for (ContainerStore.Stored stored : store.loadAll()) {
            ContainerConfig config = stored.config();
            String id = config.id().value();
            Container container = new Container(config, store.paths(config.id()), stored.state());
            index.add(container);
            attachments.put(id, config.attachment());
            ContainerState state = stored.state();
            Optional<Cgroup> cgroup = cgroups.find(id);
            boolean alive = state.running() && ProcStat.alive(state.pid(), state.pidStartTime());
            Optional<WaitStatus> recorded = state.running() && !alive
                    ? reaper.recordedExit(state.pid(), state.pidStartTime()) : Optional.empty();
            Recovery recovery = Recovery.decide(state, config.autoRemove(), alive, recorded,
                    cgroup.isPresent() || Files.exists(runDir.resolve(id)));
            switch (recovery) {
                case Recovery.Adopt adopt -> {
                    container.cgroup(cgroup.orElse(null));
                    logs.watch(id, container.paths().logs());
                    adopted.add(state.pid() + "-" + state.pidStartTime());
                    reaper.watch(state.pid(), state.pidStartTime(), false, status -> onExit(container, status));
                    running.add(new ContainerNetworking.Running(id, config.attachment(), state.ports()));
                    counts[0]++;
                }
                case Recovery.ExitedMeanwhile exited -> {
                    boolean oom = cgroup.map(Cgroup::oomKills).orElse(0L) > 0;
                    cgroup.ifPresent(Cgroup::destroy);
                    // The output written since the agent died is in the files; index it before the state says exited.
                    logs.watch(id, container.paths().logs());
                    logs.finish(id);
                    container.state(state.exited(exited.status().map(WaitStatus::shellExitCode).orElse(255), oom,
                            exited.status().isPresent() ? null : UNKNOWN_EXIT, clock.instant()));
                    store.saveState(config.id(), container.state());
                    reaper.discardRecord(state.pid(), state.pidStartTime());
                    container.exited(container.lastExit());
                    counts[1]++;
                    if (config.autoRemove()) {
                        toRemove.add(container);
                    }
                }
                case Recovery.UndoInterruptedStart undo -> {
                    log.warn("container {} was being started when the node agent stopped; undoing that start", id);
                    cgroup.ifPresent(Cgroup::destroy);
                    deleteQuietly(runDir.resolve(id));
                    counts[2]++;
                    if (config.autoRemove() && state.status() == ContainerStatus.EXITED) {
                        toRemove.add(container);
                    }
                }
                case Recovery.Remove remove -> toRemove.add(container);
                case Recovery.Keep keep -> { }
            }
        }
        networking.recover(attachments, running);
        // After the networks are restored, so that removing releases the leases these containers held.
        for (Container container : toRemove) {
            removeLocked(container);
        }
        reaper.pruneRecords(adopted);
        log.info("recovered {} containers: {} running adopted, {} exited while the agent was down ({}), {} "
                + "interrupted starts undone", index.byId().size(), counts[0], counts[1],
                reaper.supervised() ? "exit status recorded by the supervisor" : "no supervisor: exit status unknown",
                counts[2]);
    }

    private static void deleteQuietly(Path dir) {
        try (var entries = Files.exists(dir) ? Files.list(dir) : java.util.stream.Stream.<Path>empty()) {
            for (Path entry : entries.toList()) {
                Files.deleteIfExists(entry);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.debug("cannot remove {}: {}", dir, e.toString());
        }
    }

    @Override
    public void close() {
        reaper.close();
        logs.close();
    }
}
