package dev.berth.agent.network.netlink;

import dev.berth.agent.linux.Errno;
import dev.berth.agent.linux.Syscalls;
import dev.berth.agent.network.netlink.MessageReader.Message;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A NETLINK_ROUTE socket bound in the network namespace of the thread that opened it.
 *
 * <p>Each request waits for its own answer, matched by sequence number, before the next one is sent; a kernel refusal
 * becomes a {@link NetlinkException}. Calls from several threads are serialized.
 */
public final class Rtnetlink implements AutoCloseable {
    /**
     * The kernel puts at most 32 KiB into one dump datagram; anything longer would come from a single huge link (many
     * SR-IOV functions) and is reported as EMSGSIZE rather than read cut.
     */
    private static final int RECEIVE_BUFFER_SIZE = 64 * 1024;
    /** A dump that a concurrent change made inconsistent (NLM_F_DUMP_INTR) is taken again, this many times at most. */
    private static final int DUMP_ATTEMPTS = 5;

    private final Syscalls sys;
    private final int fd;
    private final byte[] receiveBuffer = new byte[RECEIVE_BUFFER_SIZE];
    private int lastSequence;
    private boolean closed;

    private Rtnetlink(Syscalls sys, int fd) {
        this.sys = sys;
        this.fd = fd;
    }

    public static Rtnetlink open(Syscalls sys) {
        return new Rtnetlink(sys, sys.netlinkSocket(Rtnl.NETLINK_ROUTE));
    }

    /** RTM_GETLINK by name; empty if there is no such link (ENODEV). */
    public OptionalInt linkIndex(String name) {
        String target = "link " + name;
        try {
            for (Message reply : exchange(Rtnl.RTM_GETLINK, target, seq -> RtnlRequests.getLink(seq, name))) {
                if (reply.type() == Rtnl.RTM_NEWLINK) {
                    return OptionalInt.of(decode(Rtnl.RTM_GETLINK, target, () -> RtnlReplies.link(reply.payload()))
                            .index());
                }
            }
            throw new NetlinkException(Rtnl.name(Rtnl.RTM_GETLINK), target + " (acked without the link)",
                    Errno.EPROTO);
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) {
                return OptionalInt.empty();
            }
            throw e;
        }
    }

    /**
     * RTM_NEWLINK kind bridge, NLM_F_CREATE|NLM_F_EXCL; mac may be null (kernel picks). Does not set it up.
     *
     * @return the new index
     */
    public int createBridge(String name, byte @Nullable [] mac) {
        String target = "bridge " + name;
        exchange(Rtnl.RTM_NEWLINK, target, seq -> RtnlRequests.newBridge(seq, name, mac));
        // The ack carries no index; asking by name is one more round trip of some microseconds.
        return linkIndex(name).orElseThrow(() -> new NetlinkException(Rtnl.name(Rtnl.RTM_GETLINK),
                target + " (gone right after its creation)", Errno.ENODEV));
    }

    /**
     * One RTM_NEWLINK creating a veth pair: the end {@code name} stays in this namespace, enslaved to
     * {@code masterIndex} (IFLA_MASTER) and up (IFF_UP); the peer is created directly in the namespace of
     * {@code peerNetnsFd} (IFLA_NET_NS_FD inside VETH_INFO_PEER) with the name {@code peerName} and the MAC
     * {@code peerMac}.
     */
    public void createVeth(String name, int masterIndex, String peerName, byte[] peerMac, int peerNetnsFd) {
        exchange(Rtnl.RTM_NEWLINK, "veth " + name + " (peer " + peerName + ", master " + masterIndex + ")",
                seq -> RtnlRequests.newVeth(seq, name, masterIndex, peerName, peerMac, peerNetnsFd));
    }

    /** RTM_NEWLINK of an existing link with IFF_UP. */
    public void setUp(int index) {
        exchange(Rtnl.RTM_NEWLINK, "link " + index + " up", seq -> RtnlRequests.setUp(seq, index));
    }

    /** RTM_NEWADDR IPv4 with IFA_LOCAL, IFA_ADDRESS and IFA_BROADCAST, NLM_F_CREATE|NLM_F_EXCL. */
    public void addAddress(int index, Inet4Address address, int prefixLength) {
        exchange(Rtnl.RTM_NEWADDR, address.getHostAddress() + "/" + prefixLength + " on link " + index,
                seq -> RtnlRequests.newAddress(seq, index, address, prefixLength));
    }

    /** RTM_NEWROUTE 0.0.0.0/0 via gateway in the main table, NLM_F_CREATE|NLM_F_EXCL. */
    public void addDefaultRoute(Inet4Address gateway) {
        exchange(Rtnl.RTM_NEWROUTE, "default via " + gateway.getHostAddress(),
                seq -> RtnlRequests.newDefaultRoute(seq, gateway));
    }

    /**
     * RTM_DELLINK by name; false if there was no such link. Deleting either end of a veth pair deletes both.
     */
    public boolean deleteLink(String name) {
        try {
            exchange(Rtnl.RTM_DELLINK, "link " + name, seq -> RtnlRequests.deleteLink(seq, name));
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) {
                return false;
            }
            throw e;
        }
    }

    /** RTM_GETLINK dump. */
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        for (Message reply : dump(Rtnl.RTM_GETLINK, RtnlRequests::dumpLinks)) {
            if (reply.type() == Rtnl.RTM_NEWLINK) {
                links.add(decode(Rtnl.RTM_GETLINK, "dump", () -> RtnlReplies.link(reply.payload())));
            }
        }
        return links;
    }

    /** RTM_GETADDR dump, IPv4 only. */
    public List<Address> addresses() {
        List<Address> addresses = new ArrayList<>();
        for (Message reply : dump(Rtnl.RTM_GETADDR, RtnlRequests::dumpAddresses)) {
            if (reply.type() == Rtnl.RTM_NEWADDR) {
                Address address = decode(Rtnl.RTM_GETADDR, "dump", () -> RtnlReplies.address(reply.payload()));
                if (address != null) {
                    addresses.add(address);
                }
            }
        }
        return addresses;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            sys.close(fd);
        }
    }

    private List<Message> dump(int type, IntFunction<byte[]> request) {
        for (int attempt = 1; attempt <= DUMP_ATTEMPTS; attempt++) {
            List<Message> replies = exchange(type, "dump", request);
            if (replies.stream().noneMatch(reply -> (reply.flags() & Rtnl.NLM_F_DUMP_INTR) != 0)) {
                return replies;
            }
        }
        throw new NetlinkException(Rtnl.name(type), "dump (changed while read " + DUMP_ATTEMPTS + " times)",
                Errno.EAGAIN);
    }

    /** Sends one request and returns every message answering it, up to and including the ack or NLMSG_DONE. */
    private synchronized List<Message> exchange(int type, String target, IntFunction<byte[]> request) {
        if (closed) {
            throw new IllegalStateException("the rtnetlink socket is closed");
        }
        int seq = ++lastSequence;
        byte[] bytes = request.apply(seq);
        sys.send(fd, bytes, bytes.length);
        String call = Rtnl.name(type);
        List<Message> replies = new ArrayList<>();
        while (true) {
            int length = sys.recv(fd, receiveBuffer);
            if (length > receiveBuffer.length) {
                throw new NetlinkException(call, target + " (a reply of " + length + " bytes)", Errno.EMSGSIZE);
            }
            for (Message reply : decode(type, target, () -> MessageReader.messages(receiveBuffer, length))) {
                // Left over from an earlier request that failed half-way, such as a dump cut short.
                if (reply.seq() != seq) {
                    continue;
                }
                replies.add(reply);
                int errno = switch (reply.type()) {
                    case Rtnl.NLMSG_ERROR -> decode(type, target, () -> RtnlReplies.errno(reply.payload()));
                    case Rtnl.NLMSG_DONE -> RtnlReplies.doneErrno(reply.payload());
                    default -> -1;
                };
                if (errno > 0) {
                    throw new NetlinkException(call, target, errno);
                }
                if (errno == 0) {
                    return replies;
                }
            }
        }
    }

    /** Runs a decoder, reporting a reply the kernel could not have sent as EPROTO. */
    private static <T> T decode(int type, String target, Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            NetlinkException failure = new NetlinkException(Rtnl.name(type), target + " (" + e.getMessage() + ")",
                    Errno.EPROTO);
            failure.initCause(e);
            throw failure;
        }
    }

    /**
     * A network interface. {@code kind} is the rtnetlink link kind ({@code bridge}, {@code veth}, ...), null for
     * devices without one such as loopback and physical NICs; {@code masterIndex} is 0 when not enslaved; {@code mac}
     * is empty for links without a hardware address.
     */
    public record Link(int index, String name, @Nullable String kind, int masterIndex, byte[] mac, boolean up) {
        public Link {
            mac = mac.clone();
        }

        @Override
        public byte[] mac() {
            return mac.clone();
        }

        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof Link link && index == link.index && name.equals(link.name)
                    && Objects.equals(kind, link.kind) && masterIndex == link.masterIndex
                    && Arrays.equals(mac, link.mac) && up == link.up;
        }

        @Override
        public int hashCode() {
            return Objects.hash(index, name, kind, masterIndex, Arrays.hashCode(mac), up);
        }

        @Override
        public String toString() {
            return "Link[" + index + " " + name + " kind=" + kind + " master=" + masterIndex + " mac="
                    + HexFormat.ofDelimiter(":").formatHex(mac) + (up ? " up" : " down") + "]";
        }
    }

    /** An IPv4 address of the link {@code index}. */
    public record Address(int index, Inet4Address address, int prefixLength) {}
}
