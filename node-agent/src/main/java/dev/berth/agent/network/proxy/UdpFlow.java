package dev.berth.agent.network.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's datagrams through the proxy: a socket connected to the target sends them, and a thread relays what the
 * target sends back to that socket to the client, from the host socket. The connected socket is what tells the
 * replies of one client from another's: the kernel delivers to it only datagrams from the target, and the target
 * answers each client's flow at that flow's own source port.
 */
final class UdpFlow {
    private static final Logger log = LoggerFactory.getLogger(UdpFlow.class);

    private final SocketAddress client;
    private final InetSocketAddress target;
    private final DatagramChannel upstream;
    private final DatagramChannel host;
    private final BufferPool buffers;
    private volatile long lastActive = System.nanoTime();
    /** Guarded by this: sending and expiring exclude each other, so a datagram is never sent into a dying flow. */
    private boolean closed;

    UdpFlow(SocketAddress client, InetSocketAddress target, DatagramChannel host, BufferPool buffers)
            throws IOException {
        this.client = client;
        this.target = target;
        this.host = host;
        this.buffers = buffers;
        this.upstream = DatagramChannel.open(UserspaceProxy.familyOf(target));
        try {
            upstream.connect(target);
        } catch (IOException | RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    /** Sends a client's datagram to the target; false if the flow is closed (it expired), and nothing was sent. */
    synchronized boolean send(ByteBuffer datagram) {
        if (closed) {
            return false;
        }
        lastActive = System.nanoTime();
        try {
            upstream.write(datagram);
        } catch (PortUnreachableException e) {
            // The ICMP error of an earlier datagram (nothing listened on the target then) is reported by the next
            // send on a connected socket, which then sends nothing. The target may be listening now: try once more.
            datagram.rewind();
            try {
                upstream.write(datagram);
            } catch (IOException again) {
                log.debug("{} -> {}: datagram dropped: {}", client, target, again.toString());
            }
        } catch (ClosedChannelException e) {
            return false;
        } catch (IOException e) {
            log.debug("{} -> {}: datagram dropped: {}", client, target, e.toString());
        }
        return true;
    }

    /** Relays the target's datagrams to the client until the flow is closed; runs on the flow's own thread. */
    void relayReplies() {
        ByteBuffer buffer = buffers.take();
        try {
            while (true) {
                buffer.clear();
                try {
                    if (upstream.read(buffer) < 0) {
                        break;
                    }
                } catch (PortUnreachableException e) {
                    continue; // nothing listens on the target (yet); later datagrams may still be answered
                }
                buffer.flip();
                lastActive = System.nanoTime();
                try {
                    host.send(buffer, client);
                } catch (ClosedChannelException e) {
                    break; // the proxy is closing
                } catch (IOException e) {
                    log.debug("{} <- {}: reply dropped: {}", client, target, e.toString());
                }
            }
        } catch (ClosedChannelException e) {
            // expired, or closed with the proxy
        } catch (IOException e) {
            log.debug("{} <- {}: flow failed: {}", client, target, e.toString());
        } finally {
            close();
            buffers.give(buffer);
        }
    }

    /**
     * Closes the flow if nothing went through it for {@code idleNanos}; true if the flow is closed now, which includes
     * one whose relay failed earlier, so that the caller forgets it either way.
     */
    synchronized boolean expireIfIdle(long now, long idleNanos) {
        if (!closed && now - lastActive < idleNanos) {
            return false;
        }
        close();
        return true;
    }

    synchronized void close() {
        if (!closed) {
            closed = true;
            Teardown.closeQuietly(upstream);
        }
    }
}
