package dev.berth.agent.api;

import dev.berth.agent.container.ContainerRuntime;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageConfig;
import dev.berth.agent.image.ImageRef;
import dev.berth.agent.image.ImageRemoval;
import dev.berth.agent.image.ImageStore;
import dev.berth.agent.image.NoSuchImageException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** {@code /v1/images}: import a rootfs, list, inspect, remove. */
@RestController
@RequestMapping("/v1/images")
class ImageController {
    private final ImageStore images;
    private final ContainerRuntime runtime;
    private final Scheduler io;

    ImageController(ImageStore images, ContainerRuntime runtime, AgentSchedulers schedulers) {
        this.images = images;
        this.runtime = runtime;
        this.io = schedulers.io();
    }

    record Summary(String id, List<String> tags, Instant created, long size, int layers) {}

    record Inspect(String id, List<String> tags, Instant created, long size, List<String> layers, ImageConfig config) {}

    record Imported(String id, List<String> tags, List<String> layers, long size) {}

    @PostMapping("/import")
    Mono<ResponseEntity<Imported>> importRootfs(@RequestParam String name, ServerHttpRequest request) {
        ImageRef ref = ImageRef.parse(name);
        ImageConfig config = ImageConfig.defaults(null).withChanges(CommitController.changes(request));
        return Mono.fromCallable(() -> {
            try (InputStream body = DataBufferUtils.subscriberInputStream(request.getBody(), 8)) {
                Image image = images.importRootfs(body, ref, config);
                return ResponseEntity.status(HttpStatus.CREATED).body(new Imported(image.id().toString(),
                        tags(image), image.layers().stream().map(Object::toString).toList(), image.size()));
            }
        }).subscribeOn(io);
    }

    @GetMapping
    Mono<List<Summary>> list() {
        return Mono.fromCallable(() -> images.list().stream()
                .map(i -> new Summary(i.id().toString(), tags(i), i.created(), i.size(), i.layers().size()))
                .toList()).subscribeOn(io);
    }

    @GetMapping("/{ref}")
    Mono<Inspect> inspect(@PathVariable String ref) {
        return Mono.fromCallable(() -> {
            Image image = images.find(ref).orElseThrow(() -> new NoSuchImageException(ref));
            return new Inspect(image.id().toString(), tags(image), image.created(), image.size(),
                    image.layers().stream().map(Object::toString).toList(), image.config());
        }).subscribeOn(io);
    }

    @DeleteMapping("/{ref}")
    Mono<List<Map<String, String>>> remove(@PathVariable String ref,
                                           @RequestParam(defaultValue = "false") boolean force) {
        return Mono.fromCallable(() -> runtime.removeImage(ref, force).stream()
                .map(ImageController::removal).toList()).subscribeOn(io);
    }

    private static Map<String, String> removal(ImageRemoval removal) {
        return Map.of(removal.key(), removal.value());
    }

    private static List<String> tags(Image image) {
        return image.tags().stream().map(ImageRef::toString).toList();
    }
}
