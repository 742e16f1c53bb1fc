package dev.berth.gateway.api;

import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Database work, off the event loop. */
final class Blocking {
    private Blocking() {}

    static <T> Mono<T> io(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
