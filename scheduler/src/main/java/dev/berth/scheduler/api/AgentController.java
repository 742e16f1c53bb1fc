package dev.berth.scheduler.api;

import dev.berth.scheduler.cluster.Heartbeat;
import dev.berth.scheduler.cluster.Node;
import dev.berth.scheduler.cluster.NodeRegistry;
import dev.berth.scheduler.cluster.Registration;
import dev.berth.scheduler.config.SchedulerProperties;
import dev.berth.scheduler.desired.Assignments;
import dev.berth.scheduler.spec.StrictJson;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The node agents' API. Agents call out (register, heartbeat, watch); the scheduler never calls an agent, so agents
 * behind NAT work. The watch stream is NDJSON ({@code application/x-ndjson}, the default) or server-sent events
 * ({@code text/event-stream}, event id = revision): first a snapshot, then puts and removes, with keepalives between.
 */
@RestController
@RequestMapping("/internal/v1/nodes")
final class AgentController {
    private static final MediaType NDJSON = MediaType.APPLICATION_NDJSON;

    private final NodeRegistry nodes;
    private final Assignments assignments;
    private final Blocking blocking;
    private final Duration poll;
    private final Duration keepalive;

    AgentController(NodeRegistry nodes, Assignments assignments, Blocking blocking, SchedulerProperties properties) {
        this.nodes = nodes;
        this.assignments = assignments;
        this.blocking = blocking;
        this.poll = properties.watch().poll();
        this.keepalive = properties.watch().keepalive();
    }

    @PostMapping
    Mono<ResponseEntity<Node>> register(@RequestBody(required = false) @Nullable String body) {
        Registration registration = StrictJson.read(body == null ? "" : body, Registration.class);
        return blocking.run(() -> ResponseEntity.status(HttpStatus.OK).body(nodes.register(registration)));
    }

    @PostMapping("/{id}/heartbeat")
    Mono<NodeRegistry.HeartbeatAck> heartbeat(@PathVariable String id,
                                              @RequestBody(required = false) @Nullable String body) {
        Heartbeat heartbeat = body == null || body.isBlank() ? new Heartbeat(List.of(), List.of())
                : StrictJson.read(body, Heartbeat.class);
        return blocking.run(() -> nodes.heartbeat(id, heartbeat));
    }

    /** Without {@code watch}: the snapshot, as one JSON object. */
    @GetMapping(path = "/{id}/assignments", params = "!watch", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Assignments.Message> snapshot(@PathVariable String id) {
        return blocking.run(() -> assignments.snapshot(id));
    }

    @GetMapping(path = "/{id}/assignments", params = "watch", produces = {MediaType.APPLICATION_NDJSON_VALUE,
            MediaType.APPLICATION_JSON_VALUE})
    Flux<Assignments.Message> watch(@PathVariable String id, @RequestParam boolean watch,
                                    @RequestParam(required = false) @Nullable Long revision) {
        return watch ? stream(id, revision) : snapshot(id).flux();
    }

    @GetMapping(path = "/{id}/assignments", params = "watch", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Assignments.Message>> watchEvents(@PathVariable String id, @RequestParam boolean watch,
                                                           @RequestParam(required = false) @Nullable Long revision) {
        return (watch ? stream(id, revision) : snapshot(id).flux()).map(message -> ServerSentEvent
                .builder(message).id(Long.toString(message.revision())).event(message.type()).build());
    }

    /**
     * The node's assignments: from {@code revision} on if given (a resumed stream: only the changes after it), else a
     * snapshot first. A revision from before the scheduler's history (a reset database) gets a snapshot too.
     */
    private Flux<Assignments.Message> stream(String node, @Nullable Long revision) {
        return Flux.defer(() -> {
            AtomicLong last = new AtomicLong();
            Flux<Assignments.Message> first = blocking.run(() -> {
                if (revision != null && revision <= assignments.latestRevision()) {
                    assignments.requireNode(node);
                    last.set(revision);
                    return assignments.changesAfter(node, revision, 10_000);
                }
                return List.of(assignments.snapshot(node));
            }).flatMapIterable(messages -> messages);
            Flux<Assignments.Message> changes = Flux.interval(poll)
                    .onBackpressureDrop()
                    .concatMap(tick -> blocking.run(() -> assignments.changesAfter(node, last.get(), 1000)), 1)
                    .flatMapIterable(messages -> messages);
            Flux<Assignments.Message> keepalives = Flux.interval(keepalive).onBackpressureDrop()
                    .map(tick -> Assignments.Message.keepalive(last.get()));
            return first.concatWith(Flux.merge(changes, keepalives))
                    .doOnNext(message -> last.accumulateAndGet(message.revision(), Math::max));
        });
    }
}
