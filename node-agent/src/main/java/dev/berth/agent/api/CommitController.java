package dev.berth.agent.api;

import dev.berth.agent.container.ContainerCommits;
import dev.berth.agent.image.Change;
import dev.berth.agent.image.Image;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** A container's writable layer: {@code POST /v1/containers/{ref}/commit} and {@code GET .../changes}. */
@RestController
@RequestMapping("/v1/containers")
class CommitController {
    private final ContainerCommits commits;
    private final Scheduler io;

    CommitController(ContainerCommits commits, AgentSchedulers schedulers) {
        this.commits = commits;
        this.io = schedulers.io();
    }

    record Committed(String id) {}

    @PostMapping("/{ref}/commit")
    Mono<ResponseEntity<Committed>> commit(@PathVariable String ref,
                                           @RequestParam(required = false) @Nullable String repo,
                                           @RequestParam(required = false) @Nullable String tag,
                                           @RequestParam(defaultValue = "") String comment,
                                           @RequestParam(defaultValue = "true") boolean pause,
                                           ServerHttpRequest request) {
        ContainerCommits.CommitSpec spec = new ContainerCommits.CommitSpec(
                repo == null && tag == null ? null : ImageTagController.target(repo, tag), comment,
                changes(request), pause);
        return Mono.fromCallable(() -> {
            Image image = commits.commit(ref, spec);
            return ResponseEntity.status(HttpStatus.CREATED).body(new Committed(image.id().toString()));
        }).subscribeOn(io);
    }

    /**
     * Every {@code changes} parameter as sent. Not a {@code List<String>} parameter: Spring splits a single value at its
     * commas, and {@code CMD ["echo", "hi"]} has one.
     */
    static List<String> changes(ServerHttpRequest request) {
        return request.getQueryParams().getOrDefault("changes", List.of());
    }

    @GetMapping("/{ref}/changes")
    Mono<List<Change>> changes(@PathVariable String ref) {
        return Mono.fromCallable(() -> commits.changes(ref)).subscribeOn(io);
    }
}
