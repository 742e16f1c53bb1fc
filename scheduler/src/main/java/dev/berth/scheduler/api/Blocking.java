package dev.berth.scheduler.api;

import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where the API's JDBC work runs, off the event loop: a bounded scheduler of its own, sized to the connection pool,
 * so a burst of requests queues here instead of in Netty's threads.
 */
@Component
final class Blocking implements AutoCloseable {
    private final Scheduler scheduler = Schedulers.newBoundedElastic(12, 10_000, "berth-scheduler-io", 60, true);

    <T> Mono<T> run(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(scheduler);
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
