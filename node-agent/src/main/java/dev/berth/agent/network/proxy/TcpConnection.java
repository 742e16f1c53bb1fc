package dev.berth.agent.network.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection through the proxy: a connection to the target, then a copy in each direction on its own
 * thread with blocking channels (a thread parked in a read costs nothing, and a streaming read returns a full buffer).
 *
 * <p>Half-close is passed on: when one side shuts down its output, the copy towards the other side ends with a
 * {@code shutdownOutput}, and the other direction keeps flowing. Both sockets are closed once both directions have
 * ended. If anything fails (a reset, a write to a side that went away, a target that refuses) or the proxy closes,
 * both sockets are aborted with a reset instead: a peer that saw a clean end of stream could take a cut-off
 * response for a whole one.
 */
final class TcpConnection {
    private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);
    /** Long enough for a loaded container to answer; short enough that a dead one does not pile up clients. */
    static final int CONNECT_TIMEOUT_MILLIS = (int) TimeUnit.SECONDS.toMillis(5);

    private final SocketChannel client;
    private final SocketChannel upstream;
    private final InetSocketAddress target;
    private final BufferPool buffers;
    private final Consumer<TcpConnection> onClosed;
    private final @Nullable SocketAddress peer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger directionsDone = new AtomicInteger();
    private volatile long bytesUp;
    private volatile long bytesDown;

    /** Takes ownership of {@code client}; opens (but does not connect) the socket to the target. */
    TcpConnection(SocketChannel client, InetSocketAddress target, BufferPool buffers, Consumer<TcpConnection> onClosed)
            throws IOException {
        this.client = client;
        this.target = target;
        this.buffers = buffers;
        this.onClosed = onClosed;
        this.peer = client.getRemoteAddress();
        // The proxy must not add Nagle's delay on top of the client's own choice; it forwards what it reads at once.
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        // Opened here rather than in run() so that abort() can always stop the connect, however early it comes.
        this.upstream = SocketChannel.open(UserspaceProxy.familyOf(target));
        try {
            upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException | RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    /** Connects to the target and copies until both directions end; runs on a worker, which it also uses. */
    void run(Executor workers) {
        try {
            upstream.socket().connect(target, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            if (!closed.get()) {
                log.debug("{} -> {}: cannot connect: {}", peer, target, e.toString());
            }
            abort();
            return;
        }
        log.debug("{} -> {}: connected", peer, target);
        try {
            workers.execute(() -> copy(upstream, client, false));
        } catch (RejectedExecutionException e) {
            abort(); // the proxy is closing
            return;
        }
        copy(client, upstream, true);
    }

    private void copy(SocketChannel from, SocketChannel to, boolean up) {
        ByteBuffer buffer = buffers.take();
        long copied = 0;
        try {
            for (int n; (n = from.read(buffer)) >= 0; ) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
                copied += n;
            }
            to.shutdownOutput();
        } catch (IOException e) {
            if (!closed.get()) {
                log.debug("{} -> {}: {} failed: {}", peer, target, up ? "upload" : "download", e.toString());
            }
            abort();
        } finally {
            buffers.give(buffer);
            if (up) {
                bytesUp = copied;
            } else {
                bytesDown = copied;
            }
            if (directionsDone.incrementAndGet() == 2) {
                close();
                log.debug("{} -> {}: closed, {} bytes up, {} down", peer, target, bytesUp, bytesDown);
            }
        }
    }

    /** Closes both sockets with a reset, which also ends both copies; idempotent. */
    void abort() {
        if (!closed.get()) {
            // A zero linger makes close send a reset, and frees the port at once rather than leaving it in TIME_WAIT.
            resetOnClose(client);
            resetOnClose(upstream);
        }
        close();
    }

    private void close() {
        if (closed.compareAndSet(false, true)) {
            Teardown.closeQuietly(client);
            Teardown.closeQuietly(upstream);
            onClosed.accept(this);
        }
    }

    private static void resetOnClose(SocketChannel channel) {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            // already closed: nothing to reset
        }
    }
}
