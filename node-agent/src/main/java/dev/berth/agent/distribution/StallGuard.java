package dev.berth.agent.distribution;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off a response body that stops sending. The JDK's HTTP client has a timeout for the answer's headers, not for
 * a body that stalls halfway, and a pull that waits forever would hold its layers' locks forever. So a watchdog
 * closes the body once no byte has come for the timeout, and the blocked read fails saying so.
 */
final class StallGuard extends FilterInputStream {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("berth-registry-watchdog").daemon().factory());

    private final long timeoutNanos;
    private final String what;
    private final ScheduledFuture<?> check;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean stalled;

    /** @param what what the body is, for the error, such as "blob sha256:… from host/repo" */
    StallGuard(InputStream body, Duration timeout, String what) {
        super(body);
        this.timeoutNanos = timeout.toNanos();
        this.what = what;
        long period = Math.max(10, timeout.toMillis() / 4);
        this.check = WATCHDOG.scheduleAtFixedRate(this::checkProgress, period, period, TimeUnit.MILLISECONDS);
    }

    private void checkProgress() {
        if (System.nanoTime() - lastProgress > timeoutNanos) {
            stalled = true;
            check.cancel(false);
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is all that is wanted: the reader's blocked read now fails
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (IOException e) {
            throw stalled ? stall(e) : e;
        }
        if (stalled) {
            throw stall(null);
        }
        lastProgress = System.nanoTime();
        return n;
    }

    private IOException stall(Throwable cause) {
        long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
        String waited = millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
        return new IOException("no bytes of " + what + " for " + waited
                + " (berth.agent.registry.read-timeout); the transfer was cut off", cause);
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        super.close();
    }
}
