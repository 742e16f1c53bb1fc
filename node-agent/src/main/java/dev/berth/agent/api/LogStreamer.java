package dev.berth.agent.api;

import dev.berth.agent.container.Container;
import dev.berth.agent.container.ContainerStatus;
import dev.berth.agent.stdio.LogCursor;
import dev.berth.agent.stdio.LogFiles;
import dev.berth.agent.stdio.LogFrame;
import dev.berth.agent.stdio.LogIndexer;
import dev.berth.agent.stdio.LogQuery;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Turns a {@link LogCursor} into Docker's multiplexed stream, with backpressure: frames are read from disk only as
 * fast as the client takes them, on a worker of the I/O scheduler, and a follower is woken by the indexer instead of
 * polling.
 */
@org.springframework.stereotype.Component
final class LogStreamer {
    private final LogIndexer indexer;
    private final Scheduler io;
    private final DataBufferFactory buffers;

    LogStreamer(LogIndexer indexer, AgentSchedulers schedulers) {
        this.indexer = indexer;
        this.io = schedulers.io();
        this.buffers = org.springframework.core.io.buffer.DefaultDataBufferFactory.sharedInstance;
    }

    /**
     * Opens the log now, on the caller's thread, so that its files are held even if the container is removed before
     * the client reads. A follow stream starts with an empty stdout frame: the client then knows it is following.
     */
    Flux<DataBuffer> stream(Container container, LogQuery query, boolean follow) {
        Flux<DataBuffer> frames = frames(container.id().value(), container.paths().logs(), query, follow,
                () -> container.removed() || container.state().status() == ContainerStatus.EXITED)
                .map(this::encode);
        if (!follow) {
            return frames;
        }
        return Flux.concat(Mono.fromSupplier(() -> buffers.wrap(new byte[] {1, 0, 0, 0, 0, 0, 0, 0})), frames);
    }

    /**
     * The frames of one log (a container's or an exec's, named by {@code key} at the indexer), read as demanded.
     * Opens the log now, on the caller's thread. A follower ends once {@code over} says the writer is gone (read
     * before the data: once it is over, everything written is indexed) and everything has been sent.
     */
    Flux<LogFrame> frames(String key, LogFiles files, LogQuery query, boolean follow, BooleanSupplier over) {
        LogCursor cursor = LogCursor.open(files, query, !follow);
        return Flux.create(sink -> {
            Scheduler.Worker worker = io.createWorker();
            Pump pump = new Pump(over, cursor, follow, sink, worker);
            Runnable unsubscribe = follow ? indexer.subscribe(key, pump::schedule) : () -> { };
            sink.onRequest(n -> pump.schedule());
            sink.onDispose(() -> {
                unsubscribe.run();
                worker.schedule(pump::close);
                worker.dispose();
            });
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    private DataBuffer encode(LogFrame frame) {
        int length = frame.length();
        byte[] framed = new byte[8 + length];
        framed[0] = (byte) frame.stream().number();
        framed[4] = (byte) (length >>> 24);
        framed[5] = (byte) (length >>> 16);
        framed[6] = (byte) (length >>> 8);
        framed[7] = (byte) length;
        System.arraycopy(frame.data(), 0, framed, 8, length);
        return buffers.wrap(framed);
    }

    /** Drains the cursor on one worker thread at a time, as far as demand allows. */
    private final class Pump {
        private final BooleanSupplier over;
        private final boolean follow;
        private final FluxSink<LogFrame> sink;
        private final Scheduler.Worker worker;
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicBoolean closed = new AtomicBoolean();
        private final LogCursor cursor;

        Pump(BooleanSupplier over, LogCursor cursor, boolean follow, FluxSink<LogFrame> sink,
             Scheduler.Worker worker) {
            this.over = over;
            this.cursor = cursor;
            this.follow = follow;
            this.sink = sink;
            this.worker = worker;
        }

        void schedule() {
            if (wip.getAndIncrement() == 0) {
                worker.schedule(this::drain);
            }
        }

        private void drain() {
            do {
                try {
                    if (closed.get()) {
                        return;
                    }
                    // Read the state before the data: once it says exited, everything it wrote is indexed.
                    boolean ended = !follow || over.getAsBoolean();
                    cursor.refresh();
                    boolean exhausted = false;
                    while (sink.requestedFromDownstream() > 0) {
                        LogFrame frame = cursor.next();
                        if (frame == null) {
                            exhausted = true;
                            break;
                        }
                        sink.next(frame);
                    }
                    if (ended && exhausted) {
                        sink.complete();
                        return;
                    }
                } catch (RuntimeException e) {
                    sink.error(e);
                    return;
                }
            } while (wip.decrementAndGet() != 0);
        }

        void close() {
            closed.set(true);
            cursor.close();
        }
    }
}
