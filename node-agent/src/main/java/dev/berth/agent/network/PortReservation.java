package dev.berth.agent.network;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * Holds a published host port while kernel NAT serves it, as a bound socket: any other program that binds the port
 * then fails (rather than silently losing its traffic to the container), and a port that is taken already is found
 * before the container starts. Nothing reaches the socket: NAT redirects the traffic first.
 */
final class PortReservation implements Closeable {
    private final NetworkChannel channel;
    private final int port;

    private PortReservation(NetworkChannel channel, int port) {
        this.channel = channel;
        this.port = port;
    }

    /** Binds {@code hostIp:hostPort} (0: a free port); a clear error if it is taken or not the host's address. */
    static PortReservation take(Protocol protocol, Ipv4 hostIp, int hostPort) {
        NetworkChannel channel = null;
        try {
            InetSocketAddress address = new InetSocketAddress(hostIp.inet(), hostPort);
            if (protocol == Protocol.TCP) {
                ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET);
                channel = server;
                server.bind(address, 1);
            } else {
                DatagramChannel datagram = DatagramChannel.open(StandardProtocolFamily.INET);
                channel = datagram;
                datagram.bind(address);
            }
            int bound = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            return new PortReservation(channel, bound);
        } catch (IOException e) {
            closeQuietly(channel);
            throw bindFailure(e, protocol, hostIp, hostPort);
        }
    }

    static RuntimeException bindFailure(IOException e, Protocol protocol, Ipv4 hostIp, int hostPort) {
        String where = hostIp + ":" + hostPort + "/" + protocol.apiName();
        String message = String.valueOf(e.getMessage());
        if (message.contains("Cannot assign requested address")) {
            return new InvalidNetworkSpecException("ports", "cannot publish on " + where + ": " + hostIp
                    + " is not an address of this host");
        }
        if (e instanceof BindException) {
            return new NetworkConflictException("cannot publish " + where + ": the host port is already in use");
        }
        return new NetworkException("cannot publish " + where + ": " + message, e);
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(@Nullable NetworkChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing a bound socket cannot fail in a way worth reporting.
            }
        }
    }
}
