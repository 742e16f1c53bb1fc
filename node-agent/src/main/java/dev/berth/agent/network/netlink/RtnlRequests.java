package dev.berth.agent.network.netlink;

import static dev.berth.agent.network.netlink.Rtnl.AF_INET;
import static dev.berth.agent.network.netlink.Rtnl.AF_UNSPEC;
import static dev.berth.agent.network.netlink.Rtnl.IFA_ADDRESS;
import static dev.berth.agent.network.netlink.Rtnl.IFA_BROADCAST;
import static dev.berth.agent.network.netlink.Rtnl.IFA_LOCAL;
import static dev.berth.agent.network.netlink.Rtnl.IFF_UP;
import static dev.berth.agent.network.netlink.Rtnl.IFLA_ADDRESS;
import static dev.berth.agent.network.netlink.Rtnl.IFLA_IFNAME;
import static dev.berth.agent.network.netlink.Rtnl.IFLA_INFO_DATA;
import static dev.berth.agent.network.netlink.Rtnl.IFLA_INFO_KIND;
import static dev.berth.agent.network.netlink.Rtnl.IFLA_LINKINFO;
import static dev.berth.agent.network.netlink.Rtnl.IFLA_MASTER;
import static dev.berth.agent.network.netlink.Rtnl.IFLA_NET_NS_FD;
import static dev.berth.agent.network.netlink.Rtnl.IFNAME_MAX;
import static dev.berth.agent.network.netlink.Rtnl.MAC_LENGTH;
import static dev.berth.agent.network.netlink.Rtnl.NLM_F_ACK;
import static dev.berth.agent.network.netlink.Rtnl.NLM_F_CREATE;
import static dev.berth.agent.network.netlink.Rtnl.NLM_F_DUMP;
import static dev.berth.agent.network.netlink.Rtnl.NLM_F_EXCL;
import static dev.berth.agent.network.netlink.Rtnl.NLM_F_REQUEST;
import static dev.berth.agent.network.netlink.Rtnl.RTA_GATEWAY;
import static dev.berth.agent.network.netlink.Rtnl.RTM_DELLINK;
import static dev.berth.agent.network.netlink.Rtnl.RTM_GETADDR;
import static dev.berth.agent.network.netlink.Rtnl.RTM_GETLINK;
import static dev.berth.agent.network.netlink.Rtnl.RTM_NEWADDR;
import static dev.berth.agent.network.netlink.Rtnl.RTM_NEWLINK;
import static dev.berth.agent.network.netlink.Rtnl.RTM_NEWROUTE;
import static dev.berth.agent.network.netlink.Rtnl.RTN_UNICAST;
import static dev.berth.agent.network.netlink.Rtnl.RTPROT_BOOT;
import static dev.berth.agent.network.netlink.Rtnl.RT_SCOPE_UNIVERSE;
import static dev.berth.agent.network.netlink.Rtnl.RT_TABLE_MAIN;
import static dev.berth.agent.network.netlink.Rtnl.VETH_INFO_PEER;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** The requests {@link Rtnetlink} sends, each encoded for its sequence number; all but dumps ask for an ack. */
final class RtnlRequests {
    private static final int CREATE = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
    private static final int CHANGE = NLM_F_REQUEST | NLM_F_ACK;
    private static final int DUMP = NLM_F_REQUEST | NLM_F_DUMP;

    private RtnlRequests() {}

    static byte[] getLink(int seq, String name) {
        return ifinfomsg(new MessageWriter(RTM_GETLINK, CHANGE, seq), 0, 0)
                .attribute(IFLA_IFNAME, ifname(name)).toBytes();
    }

    static byte[] deleteLink(int seq, String name) {
        return ifinfomsg(new MessageWriter(RTM_DELLINK, CHANGE, seq), 0, 0)
                .attribute(IFLA_IFNAME, ifname(name)).toBytes();
    }

    static byte[] newBridge(int seq, String name, byte @Nullable [] mac) {
        MessageWriter message = ifinfomsg(new MessageWriter(RTM_NEWLINK, CREATE, seq), 0, 0)
                .attribute(IFLA_IFNAME, ifname(name));
        if (mac != null) {
            message.attribute(IFLA_ADDRESS, mac(mac));
        }
        return message.begin(IFLA_LINKINFO).attribute(IFLA_INFO_KIND, "bridge").end().toBytes();
    }

    /**
     * Both ends in one request: the kernel creates the peer straight in its namespace, so it never shows up, even
     * briefly, among the host's links; and it undoes the whole pair if any part fails.
     */
    static byte[] newVeth(int seq, String name, int masterIndex, String peerName, byte[] peerMac, int peerNetnsFd) {
        MessageWriter message = ifinfomsg(new MessageWriter(RTM_NEWLINK, CREATE, seq), 0, IFF_UP)
                .attribute(IFLA_IFNAME, ifname(name))
                .attribute(IFLA_MASTER, masterIndex)
                .begin(IFLA_LINKINFO)
                .attribute(IFLA_INFO_KIND, "veth")
                .begin(IFLA_INFO_DATA)
                .begin(VETH_INFO_PEER);
        return ifinfomsg(message, 0, 0)
                .attribute(IFLA_IFNAME, ifname(peerName))
                .attribute(IFLA_ADDRESS, mac(peerMac))
                .attribute(IFLA_NET_NS_FD, peerNetnsFd)
                .end().end().end().toBytes();
    }

    static byte[] setUp(int seq, int index) {
        return ifinfomsg(new MessageWriter(RTM_NEWLINK, CHANGE, seq), index, IFF_UP).toBytes();
    }

    /** The broadcast address is the one {@code ip addr add ... brd +} computes; /31 and /32 have none. */
    static byte[] newAddress(int seq, int index, Inet4Address address, int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("an IPv4 prefix length is 0 to 32, not " + prefixLength);
        }
        byte[] local = address.getAddress();
        MessageWriter message = new MessageWriter(RTM_NEWADDR, CREATE, seq)
                .u8(AF_INET).u8(prefixLength).u8(0).u8(RT_SCOPE_UNIVERSE).u32(index)
                .attribute(IFA_LOCAL, local)
                .attribute(IFA_ADDRESS, local);
        if (prefixLength <= 30) {
            int host = (int) (0xffffffffL >>> prefixLength);
            int broadcast = (local[0] & 0xff) << 24 | (local[1] & 0xff) << 16 | (local[2] & 0xff) << 8
                    | (local[3] & 0xff) | host;
            message.attribute(IFA_BROADCAST, new byte[] {(byte) (broadcast >>> 24), (byte) (broadcast >>> 16),
                    (byte) (broadcast >>> 8), (byte) broadcast});
        }
        return message.toBytes();
    }

    /** No output device: the kernel finds it from the gateway, which must be on a connected subnet of an up link. */
    static byte[] newDefaultRoute(int seq, Inet4Address gateway) {
        return new MessageWriter(RTM_NEWROUTE, CREATE, seq)
                .u8(AF_INET).u8(0).u8(0).u8(0)
                .u8(RT_TABLE_MAIN).u8(RTPROT_BOOT).u8(RT_SCOPE_UNIVERSE).u8(RTN_UNICAST)
                .u32(0)
                .attribute(RTA_GATEWAY, gateway.getAddress())
                .toBytes();
    }

    static byte[] dumpLinks(int seq) {
        return ifinfomsg(new MessageWriter(RTM_GETLINK, DUMP, seq), 0, 0).toBytes();
    }

    /** The family in the header picks the kernel's IPv4 dumper; the others are never asked. */
    static byte[] dumpAddresses(int seq) {
        return new MessageWriter(RTM_GETADDR, DUMP, seq).u8(AF_INET).u8(0).u8(0).u8(0).u32(0).toBytes();
    }

    /** struct ifinfomsg; {@code flags} are both set and named in the change mask, so no other flag is touched. */
    private static MessageWriter ifinfomsg(MessageWriter message, int index, int flags) {
        return message.u8(AF_UNSPEC).u8(0).u16(0).u32(index).u32(flags).u32(flags);
    }

    /** The kernel's dev_valid_name, checked here so that a bad name is reported as such and not as EINVAL. */
    static String ifname(String name) {
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        if (length == 0 || length > IFNAME_MAX || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c) || c == 0)) {
            throw new IllegalArgumentException("not a valid interface name (1 to " + IFNAME_MAX
                    + " bytes, no '/', ':' or whitespace): '" + name + "'");
        }
        return name;
    }

    private static byte[] mac(byte[] mac) {
        if (mac.length != MAC_LENGTH) {
            throw new IllegalArgumentException("a MAC address has " + MAC_LENGTH + " bytes, not " + mac.length);
        }
        return mac;
    }
}
