package dev.berth.agent.api;

import dev.berth.agent.container.Container;
import dev.berth.agent.container.ContainerRuntime;
import dev.berth.agent.image.ImageStore;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/info}: what this node is and holds. */
@RestController
class InfoController {
    private final ContainerRuntime runtime;
    private final ImageStore images;
    private final AgentSchedulers schedulers;

    InfoController(ContainerRuntime runtime, ImageStore images, AgentSchedulers schedulers) {
        this.runtime = runtime;
        this.images = images;
        this.schedulers = schedulers;
    }

    record Info(String version, String kernel, String launchMode, String cgroupVersion, int containers, long running,
                int images, int cpus, long memory) {}

    @GetMapping("/v1/info")
    Mono<Info> info() {
        return Mono.fromCallable(() -> {
            List<Container> all = runtime.all();
            String version = InfoController.class.getPackage().getImplementationVersion();
            return new Info(version == null ? "dev" : version, System.getProperty("os.version"),
                    runtime.launchMode(), runtime.cgroupVersion(), all.size(),
                    all.stream().filter(c -> c.state().running()).count(), images.list().size(),
                    runtime.host().cpus(), runtime.host().memoryBytes());
        }).subscribeOn(schedulers.io());
    }
}
