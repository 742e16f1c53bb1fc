package dev.berth.agent.api;

import dev.berth.agent.container.Container;
import dev.berth.agent.container.ContainerConfig;
import dev.berth.agent.container.ContainerState;
import dev.berth.agent.container.ContainerStatus;
import dev.berth.agent.container.Limits;
import dev.berth.agent.network.InterfaceCounters;
import dev.berth.agent.network.Ipv4;
import dev.berth.agent.network.NetworkAttachment;
import dev.berth.agent.network.PublishedPort;
import dev.berth.agent.shipping.LogShipper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of containers, as api.md documents them. */
final class ContainerViews {
    private ContainerViews() {}

    record Created(String id, String name, List<String> warnings) {}

    record Summary(String id, String name, String image, String imageId, String command, Instant created,
                   String state, String status, @Nullable Integer exitCode, List<PublishedPort> ports) {}

    record State(String status, boolean running, int pid, @Nullable Integer exitCode, boolean oomKilled,
                 @Nullable String error, @Nullable Instant startedAt, @Nullable Instant finishedAt) {}

    record Config(String hostname, List<String> env, List<String> cmd, List<String> entrypoint, String workingDir,
                  String user, boolean init, String network, boolean openStdin, boolean tty, boolean logStdin,
                  Map<String, String> labels) {}

    record Resources(@Nullable Long memory, @Nullable Double cpus, @Nullable Long cpuQuota, long cpuPeriod,
                     @Nullable Long pidsLimit) {}

    record Rootfs(List<String> lowerDirs, String upperDir, String workDir) {}

    record NetworkSettings(String mode, String network, @Nullable String networkId, @Nullable String bridge,
                           @Nullable Ipv4 ipAddress, @Nullable Integer prefixLength, @Nullable Ipv4 gateway,
                           @Nullable String macAddress, @Nullable String hostInterface, List<PublishedPort> ports,
                           String portDriver) {}

    record Inspect(String id, String name, Instant created, String image, String imageId, String path,
                   List<String> args, State state, Config config, NetworkSettings networkSettings,
                   Resources resources, boolean autoRemove, Rootfs rootfs, String launchMode, String cgroupVersion,
                   String logPath, @Nullable Map<String, LogShipper.Progress> logShipping) {}

    record Wait(int exitCode, boolean oomKilled, @Nullable String error) {}

    record Stats(String id, String name, double cpuPercent, long cpuNanos, long memoryUsage, long memoryLimit,
                 long pids, long pidsLimit, @Nullable InterfaceCounters network) {}

    static Summary summary(Container container, Clock clock) {
        ContainerConfig config = container.config();
        ContainerState state = container.state();
        return new Summary(config.id().value(), config.name().value(), config.image(), config.imageId(),
                config.commandLine(), config.created(), state.status().apiName(), status(state, clock.instant()),
                state.exitCode(), state.ports());
    }

    /** "Up 3 seconds", "Exited (0) 2 minutes ago", "Created", as {@code docker ps} shows. */
    static String status(ContainerState state, Instant now) {
        return switch (state.status()) {
            case CREATED -> "Created";
            case RUNNING -> "Up " + HumanDuration.of(Duration.between(state.startedAt(), now));
            case EXITED -> "Exited (" + state.exitCode() + ") " + HumanDuration.of(Duration.between(
                    state.finishedAt() == null ? now : state.finishedAt(), now)) + " ago";
        };
    }

    static NetworkSettings networkSettings(Container container, String portDriver) {
        NetworkAttachment network = container.config().attachment();
        boolean running = container.state().running();
        return new NetworkSettings(network.mode(), network.networkName(), network.networkId(), network.bridge(),
                network.address(), network.bridged() ? network.prefixLength() : null, network.gateway(),
                network.macAddress(),
                running && network.bridged() ? NetworkAttachment.hostInterface(container.id().value()) : null,
                container.state().ports(), portDriver);
    }

    static Inspect inspect(Container container, String launchMode, String cgroupVersion, String portDriver,
                           @Nullable Map<String, LogShipper.Progress> logShipping) {
        ContainerConfig config = container.config();
        ContainerState s = container.state();
        List<String> args = config.args();
        Limits limits = config.limits();
        return new Inspect(config.id().value(), config.name().value(), config.created(), config.image(),
                config.imageId(), args.getFirst(), args.subList(1, args.size()),
                new State(s.status().apiName(), s.status() == ContainerStatus.RUNNING, s.pid(), s.exitCode(),
                        s.oomKilled(), s.error(), s.startedAt(), s.finishedAt()),
                new Config(config.hostname(), config.env(), config.cmd(), config.entrypoint(), config.workingDir(),
                        config.user(), config.init(), config.network(), config.stdio().openStdin(),
                        config.stdio().tty(), config.stdio().logStdin(), config.labels()),
                networkSettings(container, portDriver),
                new Resources(limits.memoryBytes(), limits.cpus(), limits.cpuQuotaMicros(),
                        dev.berth.agent.cgroup.Resources.DEFAULT_CPU_PERIOD_MICROS, limits.pidsLimit()),
                config.autoRemove(),
                new Rootfs(config.layerDirs(), container.paths().upper().toString(),
                        container.paths().work().toString()),
                launchMode, cgroupVersion, container.paths().directory().toString(), logShipping);
    }
}
