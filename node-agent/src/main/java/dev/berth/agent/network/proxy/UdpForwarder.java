package dev.berth.agent.network.proxy;

import dev.berth.agent.network.proxy.UserspaceProxy.Protocol;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP side of the proxy. UDP has no connections, so the proxy makes flows: the first datagram from a client
 * address opens a {@link UdpFlow}, a socket connected to the target that carries that client's datagrams, whose
 * replies go back to the client from the host socket. A flow with no datagram either way for the idle timeout is
 * closed, as conntrack forgets a UDP mapping.
 *
 * <p>A reply leaves from the host socket with the source address the kernel's routing picks, which on a host with
 * several addresses and a wildcard bind may not be the address the client sent to; Java cannot choose it per datagram.
 */
final class UdpForwarder implements Forwarder {
    private static final Logger log = LoggerFactory.getLogger(UdpForwarder.class);

    /** The largest UDP payload (65,507 bytes over IPv4) fits; a smaller buffer would silently truncate. */
    static final int MAX_DATAGRAM = 65_536;
    /** Each flow holds a socket: without a cap, datagrams from spoofed sources could exhaust the agent's descriptors. */
    static final int MAX_FLOWS = 4096;
    private static final BufferPool BUFFERS = new BufferPool(MAX_DATAGRAM, 64);

    private final DatagramChannel host;
    private final InetSocketAddress target;
    private final long idleNanos;
    private final long sweepMillis;
    private final int port;
    private final String name;
    private final Map<SocketAddress, UdpFlow> flows = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final Thread receiver;
    private final Thread reaper;
    private final AtomicBoolean closed = new AtomicBoolean();

    UdpForwarder(InetSocketAddress hostAddress, InetSocketAddress target, Duration idleTimeout) throws IOException {
        this.target = target;
        this.idleNanos = idleTimeout.toNanos();
        // Checked a few times per timeout, so a flow lives at most a quarter longer than asked; never busier than
        // once a second for the real 30 s, never a spin for a short one in tests.
        this.sweepMillis = Math.clamp(idleTimeout.toMillis() / 4, 10, 1_000);
        this.host = bind(hostAddress);
        this.port = ((InetSocketAddress) host.getLocalAddress()).getPort();
        this.name = UserspaceProxy.describe(new InetSocketAddress(hostAddress.getAddress(), port), Protocol.UDP);
        this.workers = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("berth-proxy-udp-" + port + "-", 0).factory());
        this.receiver = Thread.ofPlatform().name("berth-proxy-udp-" + port).daemon().start(this::receiveLoop);
        this.reaper = Thread.ofVirtual().name("berth-proxy-udp-" + port + "-reaper").start(this::reapLoop);
        log.debug("{}: forwarding to {}", name, target);
    }

    private static DatagramChannel bind(InetSocketAddress hostAddress) throws IOException {
        // No SO_REUSEADDR here, unlike TCP: for UDP it would let a second socket bind the same port and silently
        // share the datagrams instead of failing.
        DatagramChannel channel = DatagramChannel.open(UserspaceProxy.familyOf(hostAddress));
        try {
            channel.bind(hostAddress);
            return channel;
        } catch (BindException e) {
            channel.close();
            throw UserspaceProxy.bindFailure(hostAddress, Protocol.UDP, e);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public int port() {
        return port;
    }

    /** The flows open now. */
    int flowCount() {
        return flows.size();
    }

    private void receiveLoop() {
        ByteBuffer datagram = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        while (!closed.get()) {
            SocketAddress client;
            try {
                datagram.clear();
                client = host.receive(datagram);
            } catch (ClosedChannelException e) {
                break; // closed by close()
            } catch (IOException e) {
                log.debug("{}: receive failed: {}", name, e.toString());
                continue;
            }
            datagram.flip();
            forward(client, datagram);
        }
    }

    private void forward(SocketAddress client, ByteBuffer datagram) {
        UdpFlow flow = flows.get(client);
        if (flow != null && flow.send(datagram)) {
            return;
        }
        // No flow yet, or it expired between the lookup and the send: this datagram starts a new one.
        flow = open(client);
        if (flow != null) {
            datagram.rewind();
            flow.send(datagram);
        }
    }

    /** Only the receive loop opens flows, so there is no race to open two for one client. */
    private @Nullable UdpFlow open(SocketAddress client) {
        if (flows.size() >= MAX_FLOWS) {
            log.debug("{}: {} flows open, dropping a datagram from {}", name, MAX_FLOWS, client);
            return null;
        }
        UdpFlow flow;
        try {
            flow = new UdpFlow(client, target, host, BUFFERS);
        } catch (IOException e) {
            log.debug("{}: cannot open a flow to {} for {}: {}", name, target, client, e.toString());
            return null;
        }
        flows.put(client, flow);
        try {
            workers.execute(flow::relayReplies);
        } catch (RejectedExecutionException e) {
            flows.remove(client, flow); // the proxy is closing
            flow.close();
            return null;
        }
        log.debug("{}: flow {} -> {} opened", name, client, target);
        return flow;
    }

    private void reapLoop() {
        while (!closed.get()) {
            try {
                Thread.sleep(sweepMillis);
            } catch (InterruptedException e) {
                break;
            }
            long now = System.nanoTime();
            flows.forEach((client, flow) -> {
                if (flow.expireIfIdle(now, idleNanos)) {
                    flows.remove(client, flow);
                    log.debug("{}: flow {} -> {} closed", name, client, target);
                }
            });
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Teardown.closeQuietly(host);
        Teardown.join(receiver);
        reaper.interrupt();
        Teardown.join(reaper);
        // Both loops have ended: nothing opens or removes flows any more.
        flows.values().forEach(UdpFlow::close);
        flows.clear();
        Teardown.shutdown(workers, name);
        log.debug("{}: closed", name);
    }

    @Override
    public boolean terminated() {
        return !receiver.isAlive() && !reaper.isAlive() && workers.isTerminated();
    }
}
