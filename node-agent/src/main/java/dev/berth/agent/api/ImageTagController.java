package dev.berth.agent.api;

import dev.berth.agent.image.ImageRef;
import dev.berth.agent.image.ImageStore;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** {@code POST /v1/images/{ref}/tag?repo=NAME&tag=TAG}: another name for an image. */
@RestController
@RequestMapping("/v1/images")
class ImageTagController {
    private final ImageStore images;
    private final Scheduler io;

    ImageTagController(ImageStore images, AgentSchedulers schedulers) {
        this.images = images;
        this.io = schedulers.io();
    }

    record Tagged(String id, String tag) {}

    @PostMapping("/{ref}/tag")
    Mono<ResponseEntity<Tagged>> tag(@PathVariable String ref, @RequestParam(required = false) @Nullable String repo,
                                     @RequestParam(required = false) @Nullable String tag) {
        ImageRef target = target(repo, tag);
        return Mono.fromCallable(() -> ResponseEntity.status(HttpStatus.CREATED)
                .body(new Tagged(images.tag(ref, target).id().toString(), target.toString()))).subscribeOn(io);
    }

    /**
     * The name Docker's API gives as {@code repo} and {@code tag}: the tag defaults to {@code latest}, and a repo of
     * the form {@code name:tag} is taken whole when no tag is given.
     */
    static ImageRef target(@Nullable String repo, @Nullable String tag) {
        if (repo == null || repo.isEmpty()) {
            throw new IllegalArgumentException("repo is required" + (tag == null ? "" : " with a tag"));
        }
        return tag == null || tag.isEmpty() ? ImageRef.parse(repo) : new ImageRef(repo, tag);
    }
}
