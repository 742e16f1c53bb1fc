package dev.berth.agent.api;

import dev.berth.agent.distribution.ImagePuller;
import dev.berth.agent.distribution.ImagePusher;
import dev.berth.agent.distribution.Progress;
import dev.berth.agent.distribution.Registries;
import dev.berth.agent.distribution.RegistryCredentials;
import dev.berth.agent.image.ImageStore;
import dev.berth.agent.image.NoSuchImageException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/images/pull}, {@code POST /v1/images/push} and {@code GET /v1/images/search}: images to and from a
 * registry. Pull and push stream their progress as NDJSON, one {@link Progress} per line. What can be known before
 * the first byte moves (a malformed reference, an image the registry or the node does not have, a registry that does
 * not answer) is a problem-details error instead; a failure after that is the stream's last line, {@code error}.
 */
@RestController
@RequestMapping("/v1/images")
class DistributionController {
    private static final Logger log = LoggerFactory.getLogger(DistributionController.class);
    private static final int MAX_SEARCH_RESULTS = 200;

    private final ImagePuller puller;
    private final ImagePusher pusher;
    private final Registries registries;
    private final ImageStore images;
    private final Scheduler io;

    DistributionController(ImagePuller puller, ImagePusher pusher, Registries registries, ImageStore images,
                           AgentSchedulers schedulers) {
        this.puller = puller;
        this.pusher = pusher;
        this.registries = registries;
        this.images = images;
        this.io = schedulers.io();
    }

    @PostMapping("/pull")
    Mono<ResponseEntity<Flux<Progress>>> pull(@RequestParam String reference,
                                              @RequestHeader(name = RegistryCredentials.HEADER, required = false)
                                              @Nullable String auth) {
        RegistryCredentials credentials = RegistryCredentials.fromHeader(auth);
        return Mono.fromCallable(() -> puller.resolve(reference, credentials)).subscribeOn(io)
                .map(resolved -> stream(sink -> puller.pull(resolved, sink), "pull of " + reference));
    }

    @PostMapping("/push")
    Mono<ResponseEntity<Flux<Progress>>> push(@RequestParam String reference,
                                              @RequestHeader(name = RegistryCredentials.HEADER, required = false)
                                              @Nullable String auth) {
        RegistryCredentials credentials = RegistryCredentials.fromHeader(auth);
        return Mono.fromCallable(() -> {
            registries.parse(reference);
            if (images.find(reference).isEmpty()) {
                throw new NoSuchImageException(reference);
            }
            return reference;
        }).subscribeOn(io).map(ref -> stream(sink -> pusher.push(ref, credentials, sink),
                "push of " + ref));
    }

    /** Repositories of the default registry whose name contains {@code term}, with their tags. */
    @GetMapping("/search")
    Mono<JsonNode> search(@RequestParam(defaultValue = "") String term, @RequestParam(defaultValue = "25") int limit) {
        if (limit < 1 || limit > MAX_SEARCH_RESULTS) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_SEARCH_RESULTS + ", not " + limit);
        }
        return Mono.fromCallable(() -> registries.search(term, limit)).subscribeOn(io);
    }

    /** Runs {@code work} on the I/O scheduler, streaming what it reports, and its failure as the last step. */
    private ResponseEntity<Flux<Progress>> stream(Consumer<Consumer<Progress>> work, String what) {
        Flux<Progress> steps = Flux.create((FluxSink<Progress> sink) -> io.schedule(() -> {
            try {
                work.accept(sink::next);
            } catch (RuntimeException e) {
                log.warn("{} failed: {}", what, e.getMessage());
                sink.next(Progress.failed(e.getMessage() != null ? e.getMessage() : e.toString()));
            }
            sink.complete();
        }));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_NDJSON).body(steps);
    }
}
