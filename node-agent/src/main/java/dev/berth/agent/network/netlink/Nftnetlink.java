package dev.berth.agent.network.netlink;

import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.SyscallException;
import dev.berth.agent.linux.Syscalls;
import dev.berth.agent.network.netlink.MessageReader.Message;
import java.net.Inet4Address;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A NETLINK_NETFILTER socket that adds and deletes the elements of nftables sets and maps, in family ip, the way
 * {@code nft add element} and {@code nft delete element} do, without spawning {@code nft}. It belongs to the network
 * namespace of the thread that opened it.
 *
 * <p>Each call is one batch, which the kernel applies as one transaction: all of its elements or, if any is refused,
 * none. The refusal becomes a {@link NetlinkException} naming the element; in a batch of more than
 * {@value NftRequests#MAX_REQUESTS} elements, the kernel can only tell which few it was among. A batch is at most
 * {@value NftRequests#MAX_BATCH_BYTES} bytes, some 1250 map elements: a bigger one is refused before it is sent
 * (IllegalArgumentException), since the kernel's answers to it might not all fit the socket. Calls from several
 * threads are serialized.
 */
public final class Nftnetlink implements AutoCloseable {
    /**
     * Acks are 36 bytes; a refusal echoes its request: usually one element, in a big batch several, but never more
     * than the whole batch, which is at most {@value NftRequests#MAX_BATCH_BYTES} bytes.
     */
    private static final int RECEIVE_BUFFER_SIZE = 64 * 1024;
    /** How many elements a batch's failure lists by name; a longer batch is cut short with a count. */
    private static final int ELEMENTS_NAMED = 4;

    private final Syscalls sys;
    private final int fd;
    private final byte[] receiveBuffer = new byte[RECEIVE_BUFFER_SIZE];
    private int lastSequence;
    private boolean closed;
    private @Nullable String closedBecause;

    private Nftnetlink(Syscalls sys, int fd) {
        this.sys = sys;
        this.fd = fd;
    }

    public static Nftnetlink open(Syscalls sys) {
        return new Nftnetlink(sys, sys.netlinkSocket(Nft.NETLINK_NETFILTER));
    }

    /**
     * Adds the elements to the set or map {@code set} of table {@code ip table} in one batch (one transaction): all or
     * none. An element whose key is there already is refused with EEXIST, unless its value is the same too: then, as
     * with {@code nft add element}, it is no error. No elements, no batch.
     */
    public void addElements(String table, String set, List<SetElement> elements) {
        batch(Nft.type(Nft.NFT_MSG_NEWSETELEM), table, set, elements,
                (seq, requests) -> NftRequests.addElements(seq, table, set, requests));
    }

    /**
     * Deletes the elements, found by key, in one batch; deleting one that is not there fails the batch with ENOENT,
     * and then none is deleted. No elements, no batch.
     */
    public void deleteElements(String table, String set, List<SetElement> elements) {
        batch(Nft.type(Nft.NFT_MSG_DELSETELEM), table, set, elements,
                (seq, requests) -> NftRequests.deleteElements(seq, table, set, requests));
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            sys.close(fd);
        }
    }

    /**
     * Sends one batch and reads its answers. The kernel runs the whole batch inside the send, then answers, in this
     * order: a failure of the batch as a whole (no permission, a failed commit) as an error on the begin message; a
     * refusal for each request it refused; the ack of the last request, the only one that asks for an ack, unless it
     * was refused itself. The answer on the last request is thus the last answer. When the batch fails as a whole,
     * any answers still to come are left unread, and skipped by sequence number in the next call.
     */
    private synchronized void batch(int type, String table, String set, List<SetElement> elements,
                                    BiFunction<Integer, List<List<SetElement>>, byte[]> encoder) {
        if (closed) {
            throw new IllegalStateException("the nfnetlink socket is closed"
                    + (closedBecause == null ? "" : " (" + closedBecause + ")"));
        }
        NftRequests.checkNames(table, set);
        if (elements.isEmpty()) {
            return;
        }
        List<List<SetElement>> requests = NftRequests.requests(elements);
        int begin = lastSequence + 1;
        int last = begin + requests.size();
        byte[] bytes = encoder.apply(begin, requests);
        lastSequence = last + 1;
        sys.send(fd, bytes, bytes.length);
        String call = Nft.name(type);
        String target = "ip " + table + " " + set;
        int[] errnos = new int[requests.size()];
        boolean answered = false;
        while (!answered) {
            int length = receive(call, target, elements);
            for (Message reply : decode(call, target, () -> MessageReader.messages(receiveBuffer, length))) {
                // Nothing else answers a batch, and anything out of its range is left over from an earlier one.
                if (reply.type() != Rtnl.NLMSG_ERROR || reply.seq() < begin || reply.seq() > last) {
                    continue;
                }
                int errno = decode(call, target, () -> RtnlReplies.errno(reply.payload()));
                if (reply.seq() == begin) {
                    if (errno != 0) {
                        throw new NetlinkException(call, target + " (batch: " + keys(elements) + ")", errno);
                    }
                    continue;
                }
                errnos[reply.seq() - begin - 1] = errno;
                answered |= reply.seq() == last;
            }
        }
        NetlinkException failure = null;
        for (int i = 0; i < requests.size(); i++) {
            if (errnos[i] != 0) {
                List<SetElement> request = requests.get(i);
                NetlinkException refusal = new NetlinkException(call, target + " ("
                        + (request.size() == 1 ? keyText(request.getFirst().key()) : "one of " + keys(request))
                        + ")", errnos[i]);
                if (failure == null) {
                    failure = refusal;
                } else {
                    failure.addSuppressed(refusal);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * One datagram. ENOBUFS means the kernel dropped answers that did not fit the socket's receive buffer, which the
     * limits of {@link NftRequests} keep from happening unless rmem_default is made much smaller. The dropped answers
     * might have said anything, and the answers to later batches would be queued behind the rest, or dropped too:
     * the socket is closed.
     */
    private int receive(String call, String target, List<SetElement> elements) {
        int length;
        try {
            length = sys.recv(fd, receiveBuffer);
        } catch (SyscallException e) {
            if (e.errno() != Errno.ENOBUFS) {
                throw e;
            }
            closedBecause = "answers to a batch were dropped (ENOBUFS)";
            close();
            NetlinkException failure = new NetlinkException(call, target + " (batch: " + keys(elements)
                    + "; answers dropped, whether it was applied is unknown)", Errno.ENOBUFS);
            failure.initCause(e);
            throw failure;
        }
        if (length > receiveBuffer.length) {
            throw new NetlinkException(call, target + " (a reply of " + length + " bytes)", Errno.EMSGSIZE);
        }
        return length;
    }

    private static String keys(List<SetElement> elements) {
        String named = elements.stream().limit(ELEMENTS_NAMED).map(e -> keyText(e.key()))
                .collect(Collectors.joining(", "));
        return elements.size() <= ELEMENTS_NAMED ? named
                : named + " and " + (elements.size() - ELEMENTS_NAMED) + " more";
    }

    /** Runs a decoder, reporting a reply the kernel could not have sent as EPROTO. */
    private static <T> T decode(String call, String target, Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            NetlinkException failure = new NetlinkException(call, target + " (" + e.getMessage() + ")", Errno.EPROTO);
            failure.initCause(e);
            throw failure;
        }
    }

    /**
     * A key the way {@code nft} writes it, for messages: Berth's two key shapes, {@code tcp . 8080} and
     * {@code 127.0.0.1 . udp . 5353}, are recognized by their length and padding; any other key is written in hex.
     */
    static String keyText(byte[] key) {
        if (key.length == 8 && zero(key, 1, 4) && zero(key, 6, 8)) {
            return protocolText(key[0]) + " . " + port(key, 4);
        }
        if (key.length == 12 && zero(key, 5, 8) && zero(key, 10, 12)) {
            return address(key, 0) + " . " + protocolText(key[4]) + " . " + port(key, 8);
        }
        return "0x" + HexFormat.of().formatHex(key);
    }

    /** A value the way {@code nft} writes it: {@code 10.89.0.2 . 80} if it has that shape, else hex. */
    static String valueText(byte[] data) {
        if (data.length == 8 && zero(data, 6, 8)) {
            return address(data, 0) + " . " + port(data, 4);
        }
        return "0x" + HexFormat.of().formatHex(data);
    }

    private static String protocolText(byte protocol) {
        return switch (Byte.toUnsignedInt(protocol)) {
            case Nft.IPPROTO_TCP -> "tcp";
            case Nft.IPPROTO_UDP -> "udp";
            default -> String.valueOf(Byte.toUnsignedInt(protocol));
        };
    }

    private static String address(byte[] bytes, int offset) {
        return Byte.toUnsignedInt(bytes[offset]) + "." + Byte.toUnsignedInt(bytes[offset + 1]) + "."
                + Byte.toUnsignedInt(bytes[offset + 2]) + "." + Byte.toUnsignedInt(bytes[offset + 3]);
    }

    private static int port(byte[] bytes, int offset) {
        return Byte.toUnsignedInt(bytes[offset]) << 8 | Byte.toUnsignedInt(bytes[offset + 1]);
    }

    private static boolean zero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * One element of a set or map: key and value as the kernel stores them. A concatenation such as
     * {@code inet_proto . inet_service} puts each field in a 32-bit register of its own, so every field is padded to 4
     * bytes: inet_proto is 1 byte and 3 of padding, inet_service 2 bytes big-endian and 2 of padding, ipv4_addr 4
     * bytes. {@code data} is null for the elements of a plain set.
     */
    public record SetElement(byte[] key, byte @Nullable [] data) {
        public SetElement {
            key = key.clone();
            data = data == null ? null : data.clone();
        }

        /** The key of {@code ports_any}: {@code inet_proto . inet_service}. */
        public static byte[] portKey(int protocol, int port) {
            return new byte[] {protocol(protocol), 0, 0, 0, (byte) (port(port) >>> 8), (byte) port, 0, 0};
        }

        /** The key of {@code ports_addr}: {@code ipv4_addr . inet_proto . inet_service}. */
        public static byte[] addressPortKey(Inet4Address address, int protocol, int port) {
            byte[] ip = address.getAddress();
            return new byte[] {ip[0], ip[1], ip[2], ip[3], protocol(protocol), 0, 0, 0,
                    (byte) (port(port) >>> 8), (byte) port, 0, 0};
        }

        /** The value of both maps, where DNAT leads: {@code ipv4_addr . inet_service}. */
        public static byte[] addressPortValue(Inet4Address address, int port) {
            byte[] ip = address.getAddress();
            return new byte[] {ip[0], ip[1], ip[2], ip[3], (byte) (port(port) >>> 8), (byte) port, 0, 0};
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public byte @Nullable [] data() {
            return data == null ? null : data.clone();
        }

        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof SetElement element && Arrays.equals(key, element.key)
                    && Arrays.equals(data, element.data);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(key) + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "SetElement[" + keyText(key) + (data == null ? "" : " : " + valueText(data)) + "]";
        }

        private static byte protocol(int protocol) {
            if (protocol < 0 || protocol > 255) {
                throw new IllegalArgumentException("an IP protocol number is 0 to 255, not " + protocol);
            }
            return (byte) protocol;
        }

        private static int port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("a port is 0 to 65535, not " + port);
            }
            return port;
        }
    }
}
