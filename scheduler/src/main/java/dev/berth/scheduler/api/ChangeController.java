package dev.berth.scheduler.api;

import dev.berth.scheduler.Problem;
import dev.berth.scheduler.SchedulerException;
import dev.berth.scheduler.changes.ChangeFeed;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * {@code GET /internal/v1/changes}: for the gateways' read caches, an SSE stream of generations, the current one
 * first and a new one at every commit that changes what the tenant API reads. A comment every 15 s keeps the stream
 * visibly alive. The stream ends when this scheduler loses the feed (the caches must then stop serving), and it is
 * 503 while the feed is down.
 */
@RestController
final class ChangeController {
    static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private final ChangeFeed feed;

    ChangeController(ChangeFeed feed) {
        this.feed = feed;
    }

    @GetMapping(path = "/internal/v1/changes", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> changes() {
        // Only the latest generation matters to a slow reader: that it changed, not how many times.
        return Flux.create(this::relay, FluxSink.OverflowStrategy.LATEST);
    }

    private void relay(FluxSink<ServerSentEvent<String>> sink) {
        ChangeFeed.Subscriber subscriber = new ChangeFeed.Subscriber() {
            @Override
            public void changed(long generation) {
                sink.next(ServerSentEvent.builder(Long.toString(generation)).build());
            }

            @Override
            public void lost() {
                sink.complete();
            }
        };
        if (!feed.subscribe(subscriber)) {
            sink.error(new SchedulerException(Problem.DATABASE_UNAVAILABLE, null,
                    "the change feed is not listening to PostgreSQL at the moment; try again shortly"));
            return;
        }
        Disposable keepalive = Flux.interval(KEEPALIVE)
                .subscribe(tick -> sink.next(ServerSentEvent.<String>builder().comment("keepalive").build()));
        sink.onDispose(() -> {
            keepalive.dispose();
            feed.unsubscribe(subscriber);
        });
    }
}
