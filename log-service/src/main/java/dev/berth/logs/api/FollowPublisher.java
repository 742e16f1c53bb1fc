package dev.berth.logs.api;

import dev.berth.logs.LogException;
import dev.berth.logs.query.LogLine;
import dev.berth.logs.query.LogReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;

/**
 * A follow as a Flux of batches of lines: polls the reader on a blocking scheduler, one batch per batch the
 * subscriber asked for, so a slow client stops the polling rather than filling a buffer; idle, it polls every
 * {@code interval}. A
 * database that is away is waited for: the follow resumes where it was once it is back.
 */
final class FollowPublisher {
    private static final Logger log = LoggerFactory.getLogger(FollowPublisher.class);
    private static final int MAX_BATCH = 1024;
    private static final long MAX_BATCH_BYTES = 1 << 20;

    private FollowPublisher() {}

    static Flux<List<LogLine>> batches(LogReader reader, Scheduler scheduler, Duration interval) {
        return Flux.create(sink -> {
            Loop loop = new Loop(reader, sink, scheduler, interval);
            sink.onRequest(n -> loop.wake());
            sink.onDispose(loop::stop);
        }, FluxSink.OverflowStrategy.ERROR);
    }

    private static final class Loop {
        private final LogReader reader;
        private final FluxSink<List<LogLine>> sink;
        private final Scheduler scheduler;
        private final Duration interval;
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private volatile boolean stopped;

        Loop(LogReader reader, FluxSink<List<LogLine>> sink, Scheduler scheduler, Duration interval) {
            this.reader = reader;
            this.sink = sink;
            this.scheduler = scheduler;
            this.interval = interval;
        }

        void wake() {
            if (!stopped && scheduled.compareAndSet(false, true)) {
                scheduler.schedule(this::poll);
            }
        }

        void stop() {
            stopped = true;
        }

        private void poll() {
            if (stopped) {
                return;
            }
            long demand = sink.requestedFromDownstream();
            if (demand <= 0) {
                scheduled.set(false);
                // A request that came in between is not lost: it found scheduled still set, so look again.
                if (sink.requestedFromDownstream() > 0) {
                    wake();
                }
                return;
            }
            List<LogLine> lines;
            try {
                lines = reader.next(MAX_BATCH, MAX_BATCH_BYTES);
            } catch (LogException e) {
                log.debug("follow waits for the database: {}", e.getMessage());
                later(Duration.ofSeconds(1));
                return;
            } catch (RuntimeException e) {
                sink.error(e);
                return;
            }
            if (lines.isEmpty()) {
                later(interval);
            } else {
                sink.next(lines);
                scheduler.schedule(this::poll);
            }
        }

        private void later(Duration delay) {
            if (!stopped) {
                scheduler.schedule(this::poll, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
