package dev.berth.agent.network.proxy;

import static dev.berth.agent.network.proxy.LoopbackServers.LOOPBACK;
import static dev.berth.agent.network.proxy.LoopbackServers.readToEnd;
import static dev.berth.agent.network.proxy.LoopbackServers.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.network.proxy.LoopbackServers.TcpServer;
import dev.berth.agent.network.proxy.LoopbackServers.UdpEchoServer;
import dev.berth.agent.network.proxy.UserspaceProxy.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy on loopback, against servers run by the test. */
@Timeout(60)
class UserspaceProxyTest {
    static final int MiB = 1024 * 1024;
    static final int TIMEOUT_MILLIS = 10_000;

    /** Closed after each test, last opened first. */
    final Deque<AutoCloseable> resources = new ArrayDeque<>();

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable resource; (resource = resources.pollFirst()) != null; ) {
            resource.close();
        }
    }

    <T extends AutoCloseable> T using(T resource) {
        resources.push(resource);
        return resource;
    }

    UserspaceProxy proxy(Protocol protocol, InetSocketAddress target) throws IOException {
        return using(UserspaceProxy.start(protocol, new InetSocketAddress(LOOPBACK, 0), target));
    }

    Socket connect(UserspaceProxy proxy) throws IOException {
        Socket socket = using(new Socket());
        socket.connect(new InetSocketAddress(LOOPBACK, proxy.hostPort()), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    // --- TCP

    @Test
    void tcpEchoRoundTrip() throws Exception {
        TcpServer echo = using(TcpServer.echo());
        UserspaceProxy proxy = proxy(Protocol.TCP, echo.address());
        Socket client = connect(proxy);

        write(client, "hello\n".getBytes(StandardCharsets.UTF_8));
        assertThat(client.getInputStream().readNBytes(6)).asString(StandardCharsets.UTF_8).isEqualTo("hello\n");
        write(client, "again\n".getBytes(StandardCharsets.UTF_8));
        assertThat(client.getInputStream().readNBytes(6)).asString(StandardCharsets.UTF_8).isEqualTo("again\n");
    }

    @Test
    void uploadOf64MiBArrivesByteExact() throws Exception {
        // The sink answers with the digest of everything it read, once the client has shut down its output.
        TcpServer sink = using(new TcpServer(socket -> {
            MessageDigest digest = sha256();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
            socket.getOutputStream().write(digest.digest());
            socket.shutdownOutput();
        }));
        Socket client = connect(proxy(Protocol.TCP, sink.address()));

        byte[] sent = sendRandom(client.getOutputStream(), 64 * MiB, 1);
        client.shutdownOutput();

        assertThat(client.getInputStream().readAllBytes()).isEqualTo(sent);
    }

    @Test
    void downloadOf64MiBArrivesByteExact() throws Exception {
        CompletableFuture<byte[]> sent = new CompletableFuture<>();
        TcpServer source = using(new TcpServer(socket -> {
            sent.complete(sendRandom(socket.getOutputStream(), 64 * MiB, 2));
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes(); // until the client closes
        }));
        Socket client = connect(proxy(Protocol.TCP, source.address()));

        MessageDigest digest = sha256();
        InputStream in = client.getInputStream();
        byte[] buffer = new byte[256 * 1024];
        long received = 0;
        for (int n; (n = in.read(buffer)) >= 0; received += n) {
            digest.update(buffer, 0, n);
        }

        assertThat(received).isEqualTo(64L * MiB);
        assertThat(digest.digest()).isEqualTo(sent.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
    }

    @Test
    void clientHalfCloseStillReceivesTheReply() throws Exception {
        TcpServer counter = using(new TcpServer(socket -> {
            int n = socket.getInputStream().readAllBytes().length;
            socket.getOutputStream().write(("got " + n + " bytes").getBytes(StandardCharsets.UTF_8));
        }));
        Socket client = connect(proxy(Protocol.TCP, counter.address()));

        write(client, "abc".getBytes(StandardCharsets.UTF_8));
        client.shutdownOutput();

        assertThat(client.getInputStream().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("got 3 bytes");
    }

    @Test
    void serverHalfCloseStillReceivesTheClientsData() throws Exception {
        CompletableFuture<String> heard = new CompletableFuture<>();
        TcpServer server = using(new TcpServer(socket -> {
            socket.getOutputStream().write("bye".getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            heard.complete(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }));
        Socket client = connect(proxy(Protocol.TCP, server.address()));

        assertThat(client.getInputStream().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("bye");
        write(client, "still here".getBytes(StandardCharsets.UTF_8));
        client.shutdownOutput();

        assertThat(heard.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo("still here");
    }

    @Test
    void aRefusedTargetClosesTheClientsConnection() throws Exception {
        int nothingListens;
        try (ServerSocket gone = new ServerSocket(0, 1, LOOPBACK)) {
            nothingListens = gone.getLocalPort();
        }
        UserspaceProxy proxy = proxy(Protocol.TCP, new InetSocketAddress(LOOPBACK, nothingListens));

        Socket client = using(new Socket());
        try {
            client.connect(new InetSocketAddress(LOOPBACK, proxy.hostPort()), TIMEOUT_MILLIS);
        } catch (SocketException e) {
            // The kernel completes the handshake before the proxy accepts: on a busy machine the proxy can try the
            // target and reset the client before the client's connect call has returned.
            assertThat(e).hasMessageContaining("reset");
            return;
        }
        client.setSoTimeout(TIMEOUT_MILLIS);
        // End of stream or a reset, but well before the read timeout.
        assertThat(readToEnd(client)).isEmpty();
    }

    @Test
    void portZeroGetsARealPort() throws Exception {
        TcpServer echo = using(TcpServer.echo());
        UserspaceProxy proxy = proxy(Protocol.TCP, echo.address());

        assertThat(proxy.hostPort()).isBetween(1, 65535).isNotEqualTo(echo.address().getPort());
        Socket client = connect(proxy);
        write(client, "x".getBytes(StandardCharsets.UTF_8));
        assertThat(client.getInputStream().read()).isEqualTo('x');
    }

    @Test
    void aTakenTcpPortThrowsBindExceptionNamingIt() throws Exception {
        TcpServer echo = using(TcpServer.echo());
        ServerSocket taken = using(new ServerSocket(0, 50, LOOPBACK));
        InetSocketAddress host = new InetSocketAddress(LOOPBACK, taken.getLocalPort());

        assertThatThrownBy(() -> UserspaceProxy.start(Protocol.TCP, host, echo.address()))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("127.0.0.1:" + taken.getLocalPort() + "/tcp");
    }

    @Test
    void closeReleasesThePortAndClosesOpenConnections() throws Exception {
        CountDownLatch targetSideEnded = new CountDownLatch(1);
        TcpServer echo = using(new TcpServer(socket -> {
            try {
                socket.getInputStream().transferTo(socket.getOutputStream());
            } finally {
                targetSideEnded.countDown();
            }
        }));
        UserspaceProxy proxy = UserspaceProxy.start(Protocol.TCP, new InetSocketAddress(LOOPBACK, 0), echo.address());
        int port = proxy.hostPort();
        Socket client = connect(proxy);
        write(client, "x".getBytes(StandardCharsets.UTF_8));
        assertThat(client.getInputStream().read()).isEqualTo('x'); // connected all the way through

        proxy.close();

        assertThat(proxy.terminated()).isTrue();
        assertThat(readToEnd(client)).isEmpty();
        assertThat(targetSideEnded.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        // Free at once, even for a bind without SO_REUSEADDR: nothing is left in TIME_WAIT on the port.
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(false);
            again.bind(new InetSocketAddress(LOOPBACK, port));
        }
        using(UserspaceProxy.start(Protocol.TCP, new InetSocketAddress(LOOPBACK, port), echo.address()));
        proxy.close(); // idempotent
    }

    // --- UDP

    @Test
    void udpRoundTrip() throws Exception {
        UdpEchoServer echo = using(new UdpEchoServer());
        UserspaceProxy proxy = proxy(Protocol.UDP, echo.address());
        DatagramSocket client = udpClient();

        send(client, proxy.hostPort(), "ping");
        assertThat(receive(client)).isEqualTo("ping");
        send(client, proxy.hostPort(), "pong");
        assertThat(receive(client)).isEqualTo("pong");
    }

    @Test
    void twoUdpClientsGetTheirOwnReplies() throws Exception {
        UdpEchoServer echo = using(new UdpEchoServer());
        UserspaceProxy proxy = proxy(Protocol.UDP, echo.address());
        DatagramSocket a = udpClient();
        DatagramSocket b = udpClient();

        send(a, proxy.hostPort(), "from a");
        send(b, proxy.hostPort(), "from b");

        assertThat(receive(b)).isEqualTo("from b");
        assertThat(receive(a)).isEqualTo("from a");
        assertThat(echo.senders()).as("one flow socket per client").hasSize(2);
    }

    @Test
    void anIdleUdpFlowExpires() throws Exception {
        UdpEchoServer echo = using(new UdpEchoServer());
        UdpForwarder forwarder = using(new UdpForwarder(new InetSocketAddress(LOOPBACK, 0), echo.address(),
                Duration.ofMillis(200)));
        DatagramSocket client = udpClient();
        send(client, forwarder.port(), "one");
        assertThat(receive(client)).isEqualTo("one");
        assertThat(forwarder.flowCount()).isEqualTo(1);

        awaitTrue(() -> forwarder.flowCount() == 0);

        send(client, forwarder.port(), "two");
        assertThat(receive(client)).as("a new flow").isEqualTo("two");
        assertThat(forwarder.flowCount()).isEqualTo(1);
    }

    @Test
    void theIdleTimeoutIsConfigurableThroughTheFactory() throws Exception {
        UdpEchoServer echo = using(new UdpEchoServer());
        UserspaceProxy proxy = using(UserspaceProxy.start(Protocol.UDP, new InetSocketAddress(LOOPBACK, 0),
                echo.address(), Duration.ofMillis(100)));
        DatagramSocket client = udpClient();
        send(client, proxy.hostPort(), "one");
        assertThat(receive(client)).isEqualTo("one");

        // A probe keeps a flow alive, so probe less and less often: once a pause outlasts the timeout, the probe
        // comes from a new flow socket (a new source port at the echo).
        for (long pause = 50; echo.senders().size() < 2; pause *= 2) {
            assertThat(pause).as("the flow expired within the test timeout").isLessThan(TIMEOUT_MILLIS);
            Thread.sleep(pause);
            send(client, proxy.hostPort(), "probe");
            assertThat(receive(client)).isEqualTo("probe");
        }
    }

    @Test
    void aUdpFlowSurvivesATargetThatWasNotListeningYet() throws Exception {
        int port;
        try (DatagramSocket gone = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            port = gone.getLocalPort();
        }
        UdpForwarder forwarder = using(new UdpForwarder(new InetSocketAddress(LOOPBACK, 0),
                new InetSocketAddress(LOOPBACK, port), UserspaceProxy.UDP_IDLE_TIMEOUT));
        DatagramSocket client = udpClient();
        send(client, forwarder.port(), "nobody there"); // answered by an ICMP port unreachable, most likely
        awaitTrue(() -> forwarder.flowCount() == 1);

        DatagramSocket late = using(new DatagramSocket(new InetSocketAddress(LOOPBACK, port)));
        late.setSoTimeout(TIMEOUT_MILLIS);
        send(client, forwarder.port(), "now?");
        DatagramPacket packet = new DatagramPacket(new byte[100], 100);
        do { // the first datagram may yet arrive, if the proxy sent it after all
            late.receive(packet);
        } while (!new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).equals("now?"));
        late.send(new DatagramPacket("yes".getBytes(StandardCharsets.UTF_8), 3, packet.getSocketAddress()));
        assertThat(receive(client)).isEqualTo("yes");
    }

    @Test
    void aTakenUdpPortThrowsBindExceptionNamingIt() throws Exception {
        UdpEchoServer echo = using(new UdpEchoServer());
        DatagramSocket taken = using(new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)));
        InetSocketAddress host = new InetSocketAddress(LOOPBACK, taken.getLocalPort());

        assertThatThrownBy(() -> UserspaceProxy.start(Protocol.UDP, host, echo.address()))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("127.0.0.1:" + taken.getLocalPort() + "/udp");
    }

    @Test
    void closingAUdpProxyReleasesThePortAndEndsItsThreads() throws Exception {
        UdpEchoServer echo = using(new UdpEchoServer());
        UserspaceProxy proxy = UserspaceProxy.start(Protocol.UDP, new InetSocketAddress(LOOPBACK, 0), echo.address());
        DatagramSocket client = udpClient();
        send(client, proxy.hostPort(), "ping");
        assertThat(receive(client)).isEqualTo("ping"); // a flow and its thread exist

        proxy.close();

        assertThat(proxy.terminated()).isTrue();
        new DatagramSocket(new InetSocketAddress(LOOPBACK, proxy.hostPort())).close();
        proxy.close(); // idempotent
    }

    // --- helpers

    DatagramSocket udpClient() throws IOException {
        DatagramSocket socket = using(new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)));
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    static void send(DatagramSocket socket, int port, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(data, data.length, new InetSocketAddress(LOOPBACK, port)));
    }

    static String receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls a condition that something in the proxy makes true in its own time, failing after the timeout. */
    static void awaitTrue(Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as("condition within %d ms", TIMEOUT_MILLIS).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** Writes {@code size} pseudo-random bytes (the same for a seed) and returns their SHA-256. */
    static byte[] sendRandom(OutputStream out, int size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest digest = sha256();
        byte[] chunk = new byte[MiB];
        for (int left = size; left > 0; left -= chunk.length) {
            random.nextBytes(chunk);
            int n = Math.min(left, chunk.length);
            digest.update(chunk, 0, n);
            out.write(chunk, 0, n);
        }
        out.flush();
        return digest.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
