package dev.berth.agent.network.netlink;

import dev.berth.agent.linux.RecordingSyscalls;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * The kernel's side of a netlink socket, for tests without root: it keeps every request sent and answers each one
 * with the datagrams a test scripted for it, in order, or with an ack when there is no script left.
 */
class FakeKernel extends RecordingSyscalls {
    /** The port id the kernel would have assigned to the socket. */
    static final int PORT_ID = 1234;

    private final List<byte[]> requests = new ArrayList<>();
    private final Deque<Function<byte[], List<byte[]>>> scripts = new ArrayDeque<>();
    private final Deque<byte[]> pending = new ArrayDeque<>();

    /** Answers the next request without a script with {@code datagrams}. */
    FakeKernel answer(byte[]... datagrams) {
        scripts.add(request -> List.of(datagrams));
        return this;
    }

    /** Answers the next request without a script with an ack, so that later scripts go to later requests. */
    FakeKernel ack() {
        scripts.add(request -> List.of(ack(request)));
        return this;
    }

    /**
     * Answers the next request without a script, a batch of several messages in one datagram, the way nfnetlink does:
     * an ack for each message that asks for one (NLM_F_ACK), each in a datagram of its own.
     */
    FakeKernel ackEach() {
        scripts.add(request -> {
            List<byte[]> acks = new ArrayList<>();
            ByteBuffer in = ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN);
            for (int offset = 0; offset < request.length; offset += (in.getInt(offset) + 3) & ~3) {
                if ((in.getShort(offset + 6) & 0x04) != 0) {
                    acks.add(ack(Arrays.copyOfRange(request, offset, offset + in.getInt(offset))));
                }
            }
            return acks;
        });
        return this;
    }

    /** Refuses the next request without a script with {@code errno}. */
    FakeKernel refuse(int errno) {
        scripts.add(request -> List.of(nack(request, errno)));
        return this;
    }

    List<byte[]> requests() {
        return List.copyOf(requests);
    }

    byte[] request(int index) {
        return requests.get(index);
    }

    @Override
    public void send(int fd, byte[] buffer, int length) {
        super.send(fd, buffer, length);
        byte[] request = Arrays.copyOf(buffer, length);
        requests.add(request);
        Function<byte[], List<byte[]>> script = scripts.poll();
        pending.addAll(script == null ? List.of(ack(request)) : script.apply(request));
    }

    /** Copies the next datagram the way recv(MSG_TRUNC) does: cut to the buffer, its full length returned. */
    @Override
    public int recv(int fd, byte[] buffer) {
        byte[] datagram = pending.poll();
        if (datagram == null) {
            throw new AssertionError("the client waits for a reply that the kernel would never send");
        }
        System.arraycopy(datagram, 0, buffer, 0, Math.min(datagram.length, buffer.length));
        return datagram.length;
    }

    /** The kernel's ack: an NLMSG_ERROR with error 0, capped to the request's header (NLM_F_CAPPED). */
    static byte[] ack(byte[] request) {
        return error(request, 0, 0x100, Arrays.copyOf(request, 16));
    }

    /** The kernel's refusal: an NLMSG_ERROR with the negated errno, followed by the whole request. */
    static byte[] nack(byte[] request, int errno) {
        return error(request, -errno, 0, request);
    }

    private static byte[] error(byte[] request, int error, int flags, byte[] echoed) {
        return ByteBuffer.allocate(16 + 4 + echoed.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(16 + 4 + echoed.length).putShort((short) 2).putShort((short) flags).putInt(seq(request))
                .putInt(PORT_ID).putInt(error).put(echoed).array();
    }

    /** NLMSG_DONE (flagged NLM_F_MULTI like the parts before it) with error 0, as the kernel ends a dump. */
    static byte[] done(int seq) {
        return ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(20).putShort((short) 3).putShort((short) 2).putInt(seq).putInt(PORT_ID).putInt(0).array();
    }

    static int seq(byte[] request) {
        return ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
    }

    /** Bytes written as hex, with any spaces between them for readability. */
    static byte[] hex(String... parts) {
        return HexFormat.of().parseHex(String.join("", parts).replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
