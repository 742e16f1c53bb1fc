package dev.berth.agent.api;

import dev.berth.agent.cluster.ClusterSettings;
import dev.berth.agent.container.Container;
import dev.berth.agent.container.ContainerRuntime;
import dev.berth.agent.image.ImageStore;
import dev.berth.agent.shipping.ShippingSettings;
import org.jspecify.annotations.Nullable;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/info}: what this node is and holds. */
@RestController
class InfoController {
    private final ContainerRuntime runtime;
    private final ImageStore images;
    private final AgentSchedulers schedulers;
    private final ShippingSettings shipping;
    private final ClusterSettings cluster;

    InfoController(ContainerRuntime runtime, ImageStore images, AgentSchedulers schedulers,
                   ShippingSettings shipping, ClusterSettings cluster) {
        this.runtime = runtime;
        this.images = images;
        this.schedulers = schedulers;
        this.shipping = shipping;
        this.cluster = cluster;
    }

    record Info(String version, String kernel, String launchMode, String cgroupVersion, int containers, long running,
                int images, int cpus, long memory, Logs logs, @Nullable Cluster cluster) {}

    /** The cluster this node is a member of; absent (null) when it runs on its own. */
    record Cluster(String scheduler, List<String> schedulers, String node, Map<String, String> labels) {}

    /** Where this node ships its logs; {@code service} is null when shipping is off. */
    record Logs(@Nullable String service, String tenant, String node) {}

    @GetMapping("/v1/info")
    Mono<Info> info() {
        return Mono.fromCallable(() -> {
            List<Container> all = runtime.all();
            String version = InfoController.class.getPackage().getImplementationVersion();
            return new Info(version == null ? "dev" : version, System.getProperty("os.version"),
                    runtime.launchMode(), runtime.cgroupVersion(), all.size(),
                    all.stream().filter(c -> c.state().running()).count(), images.list().size(),
                    runtime.host().cpus(), runtime.host().memoryBytes(),
                    new Logs(shipping.service() == null ? null : shipping.service().toString(), shipping.tenant(),
                            shipping.node()),
                    cluster.scheduler() == null ? null : new Cluster(cluster.scheduler().toString(),
                            cluster.schedulers().stream().map(URI::toString).toList(), cluster.nodeId(),
                            cluster.labels()));
        }).subscribeOn(schedulers.io());
    }
}
