package dev.berth.agent.network.proxy;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.Locale;

/**
 * Forwards one published port to a container address, in userspace.
 *
 * <p>This is the fallback for hosts where kernel NAT cannot be used. It costs a copy of every byte through the agent,
 * and the container sees the agent's address as the peer instead of the client's.
 */
public final class UserspaceProxy implements AutoCloseable {

    /** How long a UDP flow lives without a datagram in either direction; Docker's proxy uses the same. */
    static final Duration UDP_IDLE_TIMEOUT = Duration.ofSeconds(30);

    public enum Protocol {
        TCP, UDP;

        /** As in {@code 8080/tcp}. */
        String suffix() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Forwarder forwarder;

    private UserspaceProxy(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    /**
     * Binds hostAddress:hostPort at once (port 0 = the kernel picks one) and forwards every connection (TCP) or
     * datagram flow (UDP) to target. Throws {@link BindException} (with a message naming address, port and protocol)
     * if the port is taken.
     */
    public static UserspaceProxy start(Protocol protocol, InetSocketAddress host, InetSocketAddress target)
            throws IOException {
        return start(protocol, host, target, UDP_IDLE_TIMEOUT);
    }

    /** As {@link #start(Protocol, InetSocketAddress, InetSocketAddress)}, with the UDP idle timeout chosen (tests). */
    static UserspaceProxy start(Protocol protocol, InetSocketAddress host, InetSocketAddress target,
            Duration udpIdleTimeout) throws IOException {
        requireResolved(host, "host");
        requireResolved(target, "target");
        if (udpIdleTimeout.isNegative() || udpIdleTimeout.isZero()) {
            throw new IllegalArgumentException("UDP idle timeout must be positive: " + udpIdleTimeout);
        }
        return new UserspaceProxy(switch (protocol) {
            case TCP -> new TcpForwarder(host, target);
            case UDP -> new UdpForwarder(host, target, udpIdleTimeout);
        });
    }

    /** The bound host port (useful when 0 was asked). */
    public int hostPort() {
        return forwarder.port();
    }

    /** True once every thread of the proxy has ended (after {@link #close()}). */
    boolean terminated() {
        return forwarder.terminated();
    }

    /** Stops accepting, closes every open connection and flow, releases the port; idempotent. */
    @Override
    public void close() {
        forwarder.close();
    }

    /**
     * The socket family for an address. Sockets are opened in the family of the address they bind or connect to: a
     * default (dual-stack) socket bound to 0.0.0.0 would also listen on every IPv6 address, which kernel NAT for an
     * IPv4 publication does not do.
     */
    static ProtocolFamily familyOf(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    /** As in {@code 127.0.0.1:8080/tcp} or {@code [::1]:53/udp}. */
    static String describe(InetSocketAddress address, Protocol protocol) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/" + protocol.suffix();
    }

    /** The JDK's BindException says only "Address already in use"; the caller needs to know which publication failed. */
    static BindException bindFailure(InetSocketAddress address, Protocol protocol, BindException cause) {
        BindException failure = new BindException("cannot bind " + describe(address, protocol) + ": "
                + cause.getMessage());
        failure.initCause(cause);
        return failure;
    }

    private static void requireResolved(InetSocketAddress address, String what) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(what + " address is unresolved: " + address);
        }
    }
}
