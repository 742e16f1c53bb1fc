package dev.berth.agent.distribution;

import dev.berth.agent.image.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Counts the bytes of one layer as they stream by and reports them, at most every {@link #INTERVAL_NANOS} (and at
 * the end), so that a fast transfer does not drown its client in steps.
 */
final class ProgressReporter extends FilterInputStream {
    static final long INTERVAL_NANOS = 100_000_000L;

    private final Consumer<Progress> listener;
    private final String status;
    private final Digest layer;
    private final long total;
    private long count;
    private long lastReport = System.nanoTime();

    ProgressReporter(InputStream in, Consumer<Progress> listener, String status, Digest layer, long total) {
        super(in);
        this.listener = listener;
        this.status = status;
        this.layer = layer;
        this.total = total;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    private void advance(int n) {
        count += n;
        long now = System.nanoTime();
        if (count == total || now - lastReport >= INTERVAL_NANOS) {
            lastReport = now;
            listener.accept(Progress.bytes(status, layer, count, total));
        }
    }
}
