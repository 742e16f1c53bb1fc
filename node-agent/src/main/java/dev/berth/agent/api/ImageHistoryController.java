package dev.berth.agent.api;

import dev.berth.agent.image.ImageHistory;
import dev.berth.agent.image.ImageRef;
import dev.berth.agent.image.ImageStore;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** {@code GET /v1/images/{ref}/history}: the steps that made an image, newest first. */
@RestController
@RequestMapping("/v1/images")
class ImageHistoryController {
    private final ImageStore images;
    private final Scheduler io;

    ImageHistoryController(ImageStore images, AgentSchedulers schedulers) {
        this.images = images;
        this.io = schedulers.io();
    }

    /** @param id the local image this step completed, or null ({@code <missing>} in {@code docker history}) */
    record Step(@Nullable String id, List<String> tags, Instant created, String createdBy, long size, String comment,
                boolean emptyLayer) {}

    @GetMapping("/{ref}/history")
    Mono<List<Step>> history(@PathVariable String ref) {
        return Mono.fromCallable(() -> images.history(ref).stream().map(ImageHistoryController::view).toList())
                .subscribeOn(io);
    }

    private static Step view(ImageHistory.Step step) {
        return new Step(step.image() == null ? null : step.image().toString(),
                step.tags().stream().map(ImageRef::toString).toList(), step.created(), step.createdBy(), step.size(),
                step.comment(), step.emptyLayer());
    }
}
