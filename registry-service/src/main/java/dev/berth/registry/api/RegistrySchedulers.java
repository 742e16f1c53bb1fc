package dev.berth.registry.api;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where blocking work runs, off the event loop. Requests that carry blob bytes hold a thread while the client sends,
 * so they get their own bounded scheduler with a permit each: past the limit a client is told to come back (429)
 * instead of queueing behind slow senders, and reads of the database and of blobs are never starved.
 */
record RegistrySchedulers(Scheduler io, Scheduler uploads, Semaphore uploadPermits, int maxUploads) {

    static RegistrySchedulers create(int maxConcurrentUploads) {
        return new RegistrySchedulers(Schedulers.boundedElastic(),
                Schedulers.newBoundedElastic(maxConcurrentUploads, maxConcurrentUploads, "berth-upload", 60, true),
                new Semaphore(maxConcurrentUploads), maxConcurrentUploads);
    }

    void close() {
        uploads.dispose();
    }

    <T> Mono<T> io(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(io);
    }

    /**
     * Runs work that reads a request body into the store, if a permit is free. The work is never interrupted: when a
     * client hangs up mid-body the server cancels the answer, and cancelling a task scheduled the usual way interrupts
     * its thread, which closes the upload's file channel under a write and loses the bytes that did arrive. Here the
     * work runs on to the end of what was received, and its permit is freed only then.
     */
    <T> Mono<T> upload(Callable<T> work) {
        return Mono.create(answer -> {
            if (!uploadPermits.tryAcquire()) {
                answer.error(new RegistryException(ErrorCode.TOO_MANY_REQUESTS, maxUploads
                        + " uploads are in progress, the most this registry takes at once"
                        + " (berth.registry.limits.max-concurrent-uploads); retry shortly"));
                return;
            }
            uploads.schedule(() -> {
                try {
                    answer.success(work.call());
                } catch (Throwable failure) {
                    answer.error(failure);
                } finally {
                    uploadPermits.release();
                }
            });
        });
    }
}
