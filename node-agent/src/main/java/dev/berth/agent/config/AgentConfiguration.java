package dev.berth.agent.config;

import dev.berth.agent.api.AgentSchedulers;
import dev.berth.agent.cluster.ClusterSettings;
import dev.berth.agent.cgroup.CgroupManager;
import dev.berth.agent.cgroup.CgroupProbe;
import dev.berth.agent.cgroup.MigrationTuning;
import dev.berth.agent.container.ContainerCommits;
import dev.berth.agent.container.ContainerRuntime;
import dev.berth.agent.container.ContainerStore;
import dev.berth.agent.container.HostCapacity;
import dev.berth.agent.container.Reaper;
import dev.berth.agent.distribution.ImagePuller;
import dev.berth.agent.distribution.ImagePusher;
import dev.berth.agent.distribution.Registries;
import dev.berth.agent.image.ImageStore;
import dev.berth.agent.image.LocalImageStore;
import dev.berth.agent.launch.ExecLauncher;
import dev.berth.agent.launch.FastLauncher;
import dev.berth.agent.launch.InitCommand;
import dev.berth.agent.launch.KernelProbe;
import dev.berth.agent.launch.LaunchException;
import dev.berth.agent.launch.Launcher;
import dev.berth.agent.launch.PortableLauncher;
import dev.berth.agent.linux.LinuxSyscalls;
import dev.berth.agent.linux.Syscalls;
import dev.berth.agent.network.ContainerNetworking;
import dev.berth.agent.network.Subnet;
import dev.berth.agent.shipping.LogShipper;
import dev.berth.agent.shipping.ShippingSettings;
import dev.berth.agent.shipping.SourceNames;
import dev.berth.agent.stdio.LogIndexer;
import dev.berth.logs.client.LogShipperClient;
import dev.berth.agent.supervisor.ExitRecords;
import dev.berth.internalauth.InternalToken;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** Builds the agent's parts from its settings. Everything below this class is plain Java. */
@Configuration(proxyBeanMethods = false)
class AgentConfiguration {
    private static final Logger log = LoggerFactory.getLogger(AgentConfiguration.class);

    @Bean
    Syscalls syscalls() {
        return new LinuxSyscalls();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CgroupManager cgroupManager(Syscalls sys, AgentProperties properties) {
        CgroupManager manager = new CgroupProbe(sys).withParent(properties.cgroupParent()).manager(properties.cgroupVersion());
        if (properties.cgroupFavorMigrations()) {
            MigrationTuning.favorMigrations(sys, manager.version(), java.nio.file.Path.of("/sys/fs/cgroup"),
                    java.nio.file.Path.of("/proc/self/mountinfo"));
        }
        return manager;
    }

    @Bean
    ImageStore imageStore(AgentProperties properties, Syscalls sys, Clock clock) {
        return new LocalImageStore(properties.imagesDir(), sys, clock,
                properties.images().maxLayerSize().toBytes());
    }

    /** The fast path when the kernel allows it, unless configured otherwise; the choice is logged and shown by info. */
    @Bean
    Launcher launcher(Syscalls sys, AgentProperties properties) {
        String mode = properties.launchMode();
        boolean fastPossible = KernelProbe.procfsTakesPidns(sys);
        return switch (mode) {
            case "fast" -> {
                if (!fastPossible) {
                    throw new LaunchException("berth.agent.launch-mode=fast, but this kernel's procfs does not take "
                            + "a pidns parameter (Linux 6.18+); use auto or portable");
                }
                yield new FastLauncher(sys);
            }
            case "portable" -> portable(sys, properties);
            case "auto" -> fastPossible ? new FastLauncher(sys) : portable(sys, properties);
            default -> throw new LaunchException("berth.agent.launch-mode must be auto, fast or portable, not '"
                    + mode + "'");
        };
    }

    private static Launcher portable(Syscalls sys, AgentProperties properties) {
        InitCommand init = InitCommand.forThisJvm(properties.cacheDir());
        Thread.ofPlatform().name("berth-aot-cache").daemon().start(init::recordAotCacheIfMissing);
        return new PortableLauncher(sys, init);
    }

    @Bean(destroyMethod = "close")
    LogIndexer logIndexer(Syscalls sys) {
        return new LogIndexer(sys);
    }

    @Bean
    ShippingSettings shippingSettings(AgentProperties properties) {
        AgentProperties.Logs logs = properties.logs();
        return new ShippingSettings(logs.service().isBlank() ? null : URI.create(logs.service().strip()),
                logs.tenant(), logs.node().isBlank() ? ShippingSettings.hostName() : logs.node(),
                properties.logSpoolDir(), logs.spoolCap().toBytes(), switch (logs.dropPolicy()) {
                    case "drop-oldest" -> true;
                    case "none" -> false;
                    default -> throw new IllegalArgumentException("berth.agent.logs.drop-policy must be drop-oldest "
                            + "or none, not '" + logs.dropPolicy() + "'");
                }, Math.toIntExact(logs.batchBytes().toBytes()), Math.toIntExact(logs.recordBytes().toBytes()),
                logs.timeout());
    }

    /** Built always (inspect and info ask it), started by the runtime's bean only when a service is set. */
    @Bean(destroyMethod = "close")
    LogShipper logShipper(ShippingSettings settings, Syscalls sys, MeterRegistry meters,
                          ObjectProvider<InternalToken> token) {
        URI service = settings.service() == null ? URI.create("http://127.0.0.1:7730") : settings.service();
        return new LogShipper(settings, new LogShipperClient(service, settings.timeout(), token.getIfAvailable()),
                sys, meters);
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService exitHandlers() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("berth-exit-", 0).factory());
    }

    /**
     * Under the supervisor (deploy/up.sh), the exits of containers the agent did not start itself are learnt from the
     * supervisor's records; it says where they are in the agent's environment.
     */
    @Bean(destroyMethod = "close")
    Reaper reaper(Syscalls sys, ExecutorService exitHandlers) {
        String records = System.getenv(ExitRecords.ENV);
        if (records == null || records.isEmpty()) {
            log.info("no supervisor: exits of containers that outlive this agent will be reported as unknown (255)");
            return new Reaper(sys, exitHandlers, null);
        }
        log.info("running under the supervisor, pid {}; exit records in {}", ProcessHandle.current().parent()
                .map(ProcessHandle::pid).orElse(0L), records);
        return new Reaper(sys, exitHandlers, new ExitRecords(Path.of(records)));
    }

    @Bean(destroyMethod = "close")
    ContainerNetworking containerNetworking(Syscalls sys, AgentProperties properties, Clock clock) {
        AgentProperties.Network network = properties.network();
        return ContainerNetworking.start(sys, JsonMapper.builder().build(), new ContainerNetworking.Settings(
                Subnet.parse(network.defaultSubnet()), network.defaultBridge(), Subnet.parse(network.pool()),
                network.table(), network.portDriver(), network.allowHost(), properties.networksDir(), Path.of("/proc/sys/net"), Path.of("/sys/class/net")),
                clock);
    }

    @Bean(destroyMethod = "close")
    ContainerRuntime containerRuntime(Syscalls sys, ImageStore images, CgroupManager cgroups, Launcher launcher,
                                      LogIndexer logs, ContainerNetworking networking, Reaper reaper,
                                      AgentProperties properties, Clock clock, MeterRegistry meters,
                                      LogShipper shipper) {
        try {
            Files.createDirectories(properties.launchDir());
            Files.setPosixFilePermissions(properties.launchDir(), PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + properties.launchDir(), e);
        }
        ContainerRuntime runtime = new ContainerRuntime(new ContainerRuntime.Dependencies(sys, images, cgroups,
                launcher, logs, networking, reaper, new ContainerStore(properties.containersDir(), JsonMapper.builder().build()),
                HostCapacity.probe(), properties.launchDir(), properties.initBinary(), clock, meters,
                new ExecLauncher(sys)));
        ShippingSettings shipping = shipper.settings();
        if (shipping.enabled()) {
            runtime.logHandoff(container -> shipper.retire(SourceNames.of(container, shipping)));
            logs.subscribeAll(shipper::wake);
        }
        runtime.recover();
        if (shipping.enabled()) {
            shipper.start(() -> runtime.all().stream().map(c -> SourceNames.of(c, shipping)).toList());
            log.info("shipping logs to {} as node {}", shipping.service(), shipping.node());
        }
        log.info("node agent ready: launch mode {}, cgroup {}, ports through {}, state in {}", launcher.mode(),
                cgroups.version(), networking.portDriver(), properties.stateDir());
        return runtime;
    }

    @Bean
    ContainerCommits containerCommits(ContainerRuntime runtime, ImageStore images, Syscalls sys) {
        return new ContainerCommits(runtime, images, sys);
    }

    @Bean(destroyMethod = "close")
    Registries registries(AgentProperties properties, ObjectProvider<InternalToken> token) {
        AgentProperties.Registry registry = properties.registry();
        return new Registries(registry.defaultRegistry(), registry.insecure(), registry.readTimeout(),
                token.getIfAvailable());
    }

    @Bean
    ImagePuller imagePuller(Registries registries, ImageStore images) {
        return new ImagePuller(registries, images);
    }

    @Bean
    ImagePusher imagePusher(Registries registries, ImageStore images) {
        return new ImagePusher(registries, images);
    }

    /** Built always (info shows it); the cluster side runs only when a scheduler is set. */
    @Bean
    ClusterSettings clusterSettings(AgentProperties properties) {
        AgentProperties.Cluster cluster = properties.cluster();
        // A comma-separated list: the scheduler's replicas, tried in turn when one does not answer.
        List<URI> schedulers = Arrays.stream(cluster.scheduler().split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).map(URI::create).toList();
        HostCapacity host = HostCapacity.probe();
        String memory = cluster.memory().isBlank() ? Long.toString(host.memoryBytes())
                : cluster.memory().strip().matches("[0-9]+") ? cluster.memory().strip()
                : Long.toString(DataSize.parse(cluster.memory().strip()).toBytes());
        return new ClusterSettings(schedulers,
                cluster.nodeId().isBlank() ? ShippingSettings.hostName() : cluster.nodeId().strip(),
                cluster.address().strip(), cluster.labels(), cluster.heartbeat(),
                new ClusterSettings.Capacity(cluster.cpu().isBlank() ? Integer.toString(host.cpus())
                        : cluster.cpu().strip(), memory, cluster.pids() > 0 ? cluster.pids() : pidMax(),
                        cluster.ports().min(), cluster.ports().max()),
                cluster.stopTimeout(), cluster.watchIdle());
    }

    private static long pidMax() {
        try {
            // By lines: Files.readString of this procfs file was seen to return only its first digit.
            return Long.parseLong(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).getFirst().strip());
        } catch (IOException | NumberFormatException | NoSuchElementException e) {
            return 32768;
        }
    }

    @Bean(destroyMethod = "close")
    ClusterLifecycle clusterLifecycle(ClusterSettings settings, ContainerRuntime runtime, ImageStore images,
                                      ImagePuller puller, Clock clock, MeterRegistry meters,
                                      AgentProperties properties,
                                      Environment environment, ObjectProvider<InternalToken> token) {
        if (settings.enabled()) {
            log.info("joining the cluster of {} as node {}", settings.schedulers(), settings.nodeId());
        }
        return new ClusterLifecycle(settings, runtime, images, puller, clock, meters,
                properties.cluster().timeout(), environment.getProperty("server.address"), properties.stateDir(),
                token.getIfAvailable());
    }

    @Bean
    AgentSchedulers agentSchedulers(AgentProperties properties) {
        return AgentSchedulers.create(properties.runtimeThreads());
    }
}
