package dev.berth.gateway.audit;

import dev.berth.gateway.metrics.GatewayMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit entries behind the requests they record. {@link #record} only queues, and never blocks: a request
 * is never held up or failed by its audit entry. One thread writes what is queued, in batches. Entries lost (the
 * queue full, or the database failing) are counted in {@code berth.gateway.audit.lost} and logged.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final int BATCH = 100;

    private final BlockingQueue<AuditEntry> queue;
    private final Consumer<List<AuditEntry>> writer;
    private final GatewayMetrics metrics;
    private final Thread thread;
    private volatile boolean closed;

    /** {@code writer} appends a batch to the log, such as {@link AuditStore#append}; {@code capacity} entries wait. */
    public AuditLog(Consumer<List<AuditEntry>> writer, int capacity, GatewayMetrics metrics) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = writer;
        this.metrics = metrics;
        this.thread = Thread.ofPlatform().daemon().name("audit-writer").start(this::run);
    }

    public void record(AuditEntry entry) {
        if (closed || !queue.offer(entry)) {
            metrics.auditLost("dropped", 1);
            log.warn("audit entry dropped, the queue is full or closed: {} {} by {}", entry.method(), entry.path(),
                    entry.token());
        }
    }

    private void run() {
        List<AuditEntry> batch = new ArrayList<>(BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                AuditEntry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                // close() wakes the thread: what is queued is still written below.
            }
            queue.drainTo(batch, BATCH - batch.size());
            write(batch);
            batch.clear();
        }
    }

    private void write(List<AuditEntry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            writer.accept(List.copyOf(batch));
        } catch (RuntimeException e) {
            metrics.auditLost("write-failed", batch.size());
            log.warn("{} audit entries could not be written: {}", batch.size(), e.getMessage());
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
