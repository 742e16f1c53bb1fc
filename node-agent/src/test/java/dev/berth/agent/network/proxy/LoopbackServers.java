package dev.berth.agent.network.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Servers the proxy forwards to in tests, on 127.0.0.1 only. */
final class LoopbackServers {
    static final InetAddress LOOPBACK = loopback();

    private LoopbackServers() {}

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** What a {@link TcpServer} does with each connection, on a thread of its own. */
    interface Handler {
        void handle(Socket socket) throws IOException;
    }

    /** A TCP server on 127.0.0.1 with a kernel-picked port, a thread per connection. */
    static final class TcpServer implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        TcpServer(Handler handler) throws IOException {
            server = new ServerSocket(0, 50, LOOPBACK);
            acceptor = Thread.ofPlatform().name("test-server").daemon().start(() -> {
                while (true) {
                    Socket socket;
                    try {
                        socket = server.accept();
                    } catch (IOException e) {
                        return;
                    }
                    accepted.add(socket);
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            handler.handle(socket);
                        } catch (IOException e) {
                            // the test decides what a failure means
                        }
                    });
                }
            });
        }

        /** Copies back what it reads; passes on end of stream with a half-close. */
        static TcpServer echo() throws IOException {
            return new TcpServer(socket -> {
                socket.getInputStream().transferTo(socket.getOutputStream());
                socket.shutdownOutput();
            });
        }

        InetSocketAddress address() {
            return new InetSocketAddress(LOOPBACK, server.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : accepted) {
                socket.close();
            }
            try {
                acceptor.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Echoes each datagram to its sender, and remembers the senders (the proxy's flow sockets). */
    static final class UdpEchoServer implements AutoCloseable {
        private final DatagramSocket socket;
        private final Set<SocketAddress> senders = ConcurrentHashMap.newKeySet();
        private final Thread thread;

        UdpEchoServer() throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            thread = Thread.ofPlatform().name("test-udp-echo").daemon().start(() -> {
                byte[] buffer = new byte[65_536];
                while (true) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(packet);
                        senders.add(packet.getSocketAddress());
                        socket.send(new DatagramPacket(Arrays.copyOf(buffer, packet.getLength()), packet.getLength(),
                                packet.getSocketAddress()));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        InetSocketAddress address() {
            return new InetSocketAddress(LOOPBACK, socket.getLocalPort());
        }

        Set<SocketAddress> senders() {
            return senders;
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join();
        }
    }

    /** Reads until end of stream; a reset counts as the end too. */
    static byte[] readToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            return in.readAllBytes();
        } catch (SocketException e) {
            if (e.getMessage() != null && e.getMessage().contains("reset")) {
                return new byte[0];
            }
            throw e;
        }
    }

    static void write(Socket socket, byte[] data) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(data);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
