package dev.berth.logs.api;

import dev.berth.logs.LogException;
import dev.berth.logs.Problem;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where blocking work runs, off the event loop: queries and follows on Reactor's bounded elastic scheduler, batches on
 * a scheduler of their own with a permit each, so that a flood of batches is told to come back (429) instead of
 * queueing without bound, and never starves the readers.
 */
@Component
final class LogSchedulers implements AutoCloseable {
    private final Scheduler io = Schedulers.boundedElastic();
    private final Scheduler ingest;
    private final Semaphore permits;
    private final int maxIngests;

    LogSchedulers(dev.berth.logs.config.LogProperties properties) {
        this.maxIngests = properties.ingest().maxConcurrent();
        this.ingest = Schedulers.newBoundedElastic(maxIngests, maxIngests, "berth-ingest", 60, true);
        this.permits = new Semaphore(maxIngests);
    }

    Scheduler io() {
        return io;
    }

    <T> Mono<T> io(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(io);
    }

    /**
     * Runs a batch if a permit is free. The work is never interrupted: an agent that hangs up mid-commit cancels the
     * answer, not the transaction, which ends as it would have and is acked on the agent's next try.
     */
    <T> Mono<T> ingest(Callable<T> work) {
        return Mono.create(answer -> {
            if (!permits.tryAcquire()) {
                answer.error(new LogException(Problem.TOO_MANY_REQUESTS, maxIngests
                        + " batches are being stored, the most this service takes at once"
                        + " (berth.logs.ingest.max-concurrent); retry shortly"));
                return;
            }
            ingest.schedule(() -> {
                try {
                    answer.success(work.call());
                } catch (Throwable failure) {
                    answer.error(failure);
                } finally {
                    permits.release();
                }
            });
        });
    }

    @Override
    public void close() {
        ingest.dispose();
    }
}
