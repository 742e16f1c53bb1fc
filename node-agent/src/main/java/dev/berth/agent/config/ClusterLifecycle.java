package dev.berth.agent.config;

import dev.berth.agent.cluster.ClusterMember;
import dev.berth.agent.cluster.ClusterSettings;
import dev.berth.agent.cluster.ContainerProber;
import dev.berth.agent.cluster.Convergence;
import dev.berth.agent.cluster.RuntimeContainers;
import dev.berth.agent.cluster.SchedulerClient;
import dev.berth.internalauth.InternalToken;
import dev.berth.agent.container.ContainerRuntime;
import dev.berth.agent.distribution.ImagePuller;
import dev.berth.agent.image.ImageStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Starts the node's cluster side once the agent listens (so that an agent on a random port registers the port it
 * got), when a scheduler is configured; stops it with the agent. Containers keep running when the agent stops.
 */
final class ClusterLifecycle implements ApplicationListener<WebServerInitializedEvent>, AutoCloseable {
    private final ClusterSettings settings;
    private final ContainerRuntime runtime;
    private final ImageStore images;
    private final ImagePuller puller;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration timeout;
    private final @Nullable String serverAddress;
    private final Path stateDir;
    private final @Nullable InternalToken token;
    private @Nullable Convergence convergence;
    private @Nullable ClusterMember member;
    private @Nullable ExecutorService workers;
    private @Nullable ScheduledExecutorService probes;

    ClusterLifecycle(ClusterSettings settings, ContainerRuntime runtime, ImageStore images, ImagePuller puller,
                     Clock clock, MeterRegistry meters, Duration timeout, @Nullable String serverAddress,
                     Path stateDir, @Nullable InternalToken token) {
        this.stateDir = stateDir;
        this.token = token;
        this.settings = settings;
        this.runtime = runtime;
        this.images = images;
        this.puller = puller;
        this.clock = clock;
        this.meters = meters;
        this.timeout = timeout;
        this.serverAddress = serverAddress;
    }

    @Override
    public synchronized void onApplicationEvent(WebServerInitializedEvent event) {
        if (!settings.enabled() || member != null || event.getApplicationContext().getParent() != null) {
            return;
        }
        ClusterSettings resolved = settings.address().isBlank() ? settings.withAddress((serverAddress == null
                || serverAddress.isBlank() ? "127.0.0.1" : serverAddress) + ":" + event.getWebServer().getPort())
                : settings;
        workers = Executors.newFixedThreadPool(4, Thread.ofPlatform().name("berth-cluster-worker-", 0).daemon()
                .factory());
        probes = Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("berth-cluster-probe-", 0).daemon()
                .factory());
        Convergence converging = new Convergence(new RuntimeContainers(runtime, images, puller), workers, clock,
                resolved.stopTimeout(), meters);
        converging.healthChecks(new ContainerProber(runtime), probes);
        converging.restartCounts(stateDir.resolve("cluster").resolve("restarts.json"));
        converging.start();
        convergence = converging;
        member = new ClusterMember(resolved, new SchedulerClient(settings.schedulers(), timeout, token),
                converging, clock, meters);
        member.start();
    }

    @Override
    public synchronized void close() {
        if (member != null) {
            member.close();
        }
        if (convergence != null) {
            convergence.close();
        }
        if (probes != null) {
            probes.shutdownNow();
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
