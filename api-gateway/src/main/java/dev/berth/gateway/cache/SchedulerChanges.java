package dev.berth.gateway.cache;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Follows the scheduler's change feed ({@code GET /internal/v1/changes}) for the {@link ReadCache}: live from the
 * first generation the stream gives, a change at each one after, lost when the stream ends, fails, or stays silent
 * longer than {@code silence} (the scheduler sends a comment every 15 s). After a loss it connects again every
 * {@code retry}. A scheduler without the feed thus leaves the cache off, and every read goes to it.
 */
public final class SchedulerChanges implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchedulerChanges.class);
    private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT =
            new ParameterizedTypeReference<>() {};

    private final WebClient scheduler;
    private final ReadCache cache;
    private final Duration silence;
    private final Duration retry;
    private volatile boolean warned;
    private @Nullable Disposable following;

    /** @param scheduler a client of the scheduler, carrying the internal token if there is one */
    public SchedulerChanges(WebClient scheduler, ReadCache cache, Duration silence, Duration retry) {
        this.scheduler = scheduler;
        this.cache = cache;
        this.silence = silence;
        this.retry = retry;
    }

    public SchedulerChanges start() {
        following = Mono.defer(this::followOnce)
                .then(Mono.delay(retry))
                .repeat()
                .subscribe();
        return this;
    }

    /** One stream, from connecting to its end; never an error. */
    private Mono<Void> followOnce() {
        return scheduler.get().uri("/internal/v1/changes").accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(EVENT)
                .timeout(silence)
                .doOnNext(event -> {
                    if (event.data() == null) {
                        return; // a keep-alive comment
                    }
                    if (cache.live()) {
                        cache.changed();
                    } else {
                        cache.live(true);
                        warned = false;
                        log.info("following the scheduler's change feed: the read cache is on");
                    }
                })
                .then()
                .onErrorResume(e -> {
                    if (!warned) {
                        warned = true;
                        log.warn("the scheduler's change feed is not followed, the read cache is off until it is: {}",
                                e.toString());
                    }
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    if (cache.live()) {
                        cache.live(false);
                        log.warn("the scheduler's change feed ended: the read cache is off until it is back");
                    }
                });
    }

    @Override
    public void close() {
        if (following != null) {
            following.dispose();
        }
        cache.live(false);
    }
}
