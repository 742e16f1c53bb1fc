package dev.berth.agent.network.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/** Decodes the kernel's answers: acks and errors, links and addresses. */
final class RtnlReplies {
    private RtnlReplies() {}

    /**
     * The errno an NLMSG_ERROR carries, 0 for an ack. The kernel sends it negated, followed by the header of the
     * request it answers.
     */
    static int errno(ByteBuffer payload) {
        if (payload.remaining() < 4) {
            throw new IllegalArgumentException("NLMSG_ERROR of " + payload.remaining() + " bytes");
        }
        return Math.abs(payload.getInt(0));
    }

    /** NLMSG_DONE ends a dump; it carries the dump's error the way NLMSG_ERROR does, or nothing from old kernels. */
    static int doneErrno(ByteBuffer payload) {
        return payload.remaining() < 4 ? 0 : Math.abs(payload.getInt(0));
    }

    /** An RTM_NEWLINK message: ifinfomsg, then attributes. */
    static Rtnetlink.Link link(ByteBuffer payload) {
        require(payload, Rtnl.IFINFOMSG_SIZE, "ifinfomsg");
        int index = payload.getInt(4);
        int flags = payload.getInt(8);
        Attributes attributes = Attributes.parse(payload, Rtnl.IFINFOMSG_SIZE);
        String name = attributes.string(Rtnl.IFLA_IFNAME);
        byte[] mac = attributes.bytes(Rtnl.IFLA_ADDRESS);
        return new Rtnetlink.Link(index, name == null ? "" : name,
                attributes.nested(Rtnl.IFLA_LINKINFO).string(Rtnl.IFLA_INFO_KIND),
                attributes.u32(Rtnl.IFLA_MASTER, 0), mac == null ? new byte[0] : mac, (flags & Rtnl.IFF_UP) != 0);
    }

    /**
     * An RTM_NEWADDR message: ifaddrmsg, then attributes; null unless IPv4. IFA_LOCAL is the interface's own address;
     * IFA_ADDRESS is the same except on point-to-point links, where it is the peer's.
     */
    static Rtnetlink.@Nullable Address address(ByteBuffer payload) {
        require(payload, Rtnl.IFADDRMSG_SIZE, "ifaddrmsg");
        if (Byte.toUnsignedInt(payload.get(0)) != Rtnl.AF_INET) {
            return null;
        }
        int prefixLength = Byte.toUnsignedInt(payload.get(1));
        int index = payload.getInt(4);
        Attributes attributes = Attributes.parse(payload, Rtnl.IFADDRMSG_SIZE);
        byte[] address = attributes.bytes(Rtnl.IFA_LOCAL);
        if (address == null) {
            address = attributes.bytes(Rtnl.IFA_ADDRESS);
        }
        if (address == null || address.length != 4) {
            throw new IllegalArgumentException("IPv4 address message of link " + index + " without a 4-byte address");
        }
        return new Rtnetlink.Address(index, inet4(address), prefixLength);
    }

    private static Inet4Address inet4(byte[] address) {
        try {
            return (Inet4Address) InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + address.length + " bytes", e);
        }
    }

    private static void require(ByteBuffer payload, int size, String struct) {
        if (payload.remaining() < size) {
            throw new IllegalArgumentException(struct + " needs " + size + " bytes, the message has "
                    + payload.remaining());
        }
    }
}
