package dev.berth.scheduler.api;

import dev.berth.scheduler.SchedulerException;
import dev.berth.scheduler.config.SchedulerProperties;
import dev.berth.scheduler.events.Event;
import dev.berth.scheduler.events.EventLog;
import dev.berth.scheduler.events.EventQuery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A tenant's events: a JSON page ({@code {"items": […], "next": ID}}), or, with {@code Accept: text/event-stream} or
 * {@code follow=true}, a server-sent event stream (id = event id, event = type, keepalive comments) that a client
 * resumes with {@code Last-Event-ID}. Each stream polls the log every {@code events.poll}: one indexed query, the same
 * way the agents' assignment streams work, and no connection held per stream.
 */
@RestController
@RequestMapping("/api/v1/events")
final class EventController {
    private static final int STREAM_BATCH = 500;

    private final EventLog log;
    private final Blocking blocking;
    private final Duration poll;
    private final Duration keepalive;

    EventController(EventLog log, Blocking blocking, SchedulerProperties properties) {
        this.log = log;
        this.blocking = blocking;
        this.poll = properties.events().poll();
        this.keepalive = properties.events().keepalive();
    }

    /** A page; {@code next} is the {@code since} of the next page. */
    record Page(List<Event> items, long next) {}

    @GetMapping(params = "follow!=true", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Page> page(@RequestParam(required = false) @Nullable String tenant,
                    @RequestHeader(name = Tenancy.HEADER, required = false) @Nullable String header,
                    @RequestParam(required = false) @Nullable String since,
                    @RequestParam(required = false) @Nullable String app,
                    @RequestParam(required = false) @Nullable String type,
                    @RequestParam(required = false) @Nullable Integer limit) {
        EventQuery query = EventQuery.parse(Tenancy.of(tenant, header), since, null, app, type);
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > 1000) {
            throw SchedulerException.invalid("limit", "limit must be between 1 and 1000, not " + size);
        }
        return blocking.run(() -> {
            EventLog.Batch batch = log.after(query, log.start(query, false), size);
            return new Page(batch.events(), batch.cursor());
        });
    }

    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Event>> stream(@RequestParam(required = false) @Nullable String tenant,
                                        @RequestHeader(name = Tenancy.HEADER, required = false) @Nullable String header,
                                        @RequestParam(required = false) @Nullable String since,
                                        @RequestParam(required = false) @Nullable String app,
                                        @RequestParam(required = false) @Nullable String type,
                                        @RequestHeader(name = "Last-Event-ID", required = false)
                                        @Nullable String lastEventId) {
        EventQuery query = EventQuery.parse(Tenancy.of(tenant, header), since, lastEventId, app, type);
        return Flux.defer(() -> {
            AtomicLong cursor = new AtomicLong();
            Flux<ServerSentEvent<Event>> events = blocking.run(() -> log.start(query, true))
                    .doOnNext(cursor::set)
                    .thenMany(Flux.interval(Duration.ZERO, poll).onBackpressureDrop()
                            .concatMap(tick -> blocking.run(() -> log.after(query, cursor.get(), STREAM_BATCH)), 1))
                    .doOnNext(batch -> cursor.set(batch.cursor()))
                    .flatMapIterable(EventLog.Batch::events)
                    .map(event -> ServerSentEvent.builder(event).id(Long.toString(event.id())).event(event.type())
                            .build());
            Flux<ServerSentEvent<Event>> keepalives = Flux.interval(keepalive).onBackpressureDrop()
                    .map(tick -> ServerSentEvent.<Event>builder().comment("keepalive").build());
            return Flux.merge(events, keepalives);
        });
    }
}
