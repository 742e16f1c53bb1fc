package dev.berth.agent.network.proxy;

import dev.berth.agent.network.proxy.UserspaceProxy.Protocol;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP side of the proxy: a listening socket on the host port, an accept loop on its own platform thread, and a
 * {@link TcpConnection} per accepted client, which copies on two threads of its own, one per direction.
 */
final class TcpForwarder implements Forwarder {
    private static final Logger log = LoggerFactory.getLogger(TcpForwarder.class);

    /**
     * Large buffers are what make the copy cheap: one read and one write per 256 KiB moved when data streams, so the
     * proxy costs a few system calls per buffer rather than per packet. Shared by every proxy in the agent.
     */
    static final int BUFFER_SIZE = 256 * 1024;
    private static final BufferPool BUFFERS = new BufferPool(BUFFER_SIZE, 64);
    /** The kernel caps it at net.core.somaxconn; a small backlog would drop connection bursts a NAT rule absorbs. */
    private static final int BACKLOG = 4096;

    private final InetSocketAddress target;
    private final ServerSocketChannel listener;
    private final int port;
    private final String name;
    private final Set<TcpConnection> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private final Thread acceptor;
    private final AtomicBoolean closed = new AtomicBoolean();

    TcpForwarder(InetSocketAddress host, InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = bind(host);
        this.port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        this.name = UserspaceProxy.describe(new InetSocketAddress(host.getAddress(), port), Protocol.TCP);
        // Platform threads, not virtual ones: on a busy stream a copy rarely blocks, and a virtual thread that never
        // blocks keeps its carrier, so a few bulk transfers could stall every other virtual thread in the agent. The
        // kernel time-slices platform threads. (Measured on loopback, the two kinds copy equally fast.)
        this.workers = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("berth-proxy-tcp-" + port + "-", 0).daemon().factory());
        this.acceptor = Thread.ofPlatform().name("berth-proxy-tcp-" + port).daemon().start(this::acceptLoop);
        log.debug("{}: forwarding to {}", name, target);
    }

    private static ServerSocketChannel bind(InetSocketAddress host) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(UserspaceProxy.familyOf(host));
        try {
            // Connections the proxy closed linger in TIME_WAIT on the host port; without this the port could not be
            // bound again (by the next proxy for a restarted container) until they expire. Linux still refuses the
            // bind while another socket listens on the port, so this does not let two proxies share it.
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(host, BACKLOG);
            return channel;
        } catch (BindException e) {
            channel.close();
            throw UserspaceProxy.bindFailure(host, Protocol.TCP, e);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public int port() {
        return port;
    }

    private void acceptLoop() {
        boolean failing = false;
        while (!closed.get()) {
            SocketChannel client;
            try {
                client = listener.accept();
                failing = false;
            } catch (ClosedChannelException e) {
                break; // closed by close(), possibly while blocked in accept
            } catch (IOException e) {
                // Most likely out of file descriptors. The connection stays queued, so retrying at once would spin.
                // Said once per run of failures: the condition is worth a warning, each retry is not.
                if (failing) {
                    log.debug("{}: accept failed: {}", name, e.toString());
                } else {
                    log.warn("{}: accept failed, retrying every 100 ms: {}", name, e.toString());
                    failing = true;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    break;
                }
                continue;
            }
            TcpConnection connection;
            try {
                connection = new TcpConnection(client, target, BUFFERS, open::remove);
            } catch (IOException e) {
                log.debug("{}: dropping a connection: {}", name, e.toString());
                Teardown.closeQuietly(client);
                continue;
            }
            open.add(connection);
            try {
                workers.execute(() -> connection.run(workers));
            } catch (RejectedExecutionException e) {
                connection.abort();
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Closing the listener wakes the accept loop and, once this returns, the port is free for a new bind.
        Teardown.closeQuietly(listener);
        Teardown.join(acceptor);
        // The accept loop has ended, so no connection can be added behind this loop's back.
        for (TcpConnection connection : List.copyOf(open)) {
            connection.abort();
        }
        Teardown.shutdown(workers, name);
        log.debug("{}: closed", name);
    }

    @Override
    public boolean terminated() {
        return !acceptor.isAlive() && workers.isTerminated();
    }
}
