package dev.berth.agent.network.netlink;

/** The numbers of linux/netlink.h, linux/rtnetlink.h, linux/if_link.h and linux/if_addr.h that Berth uses. */
final class Rtnl {
    static final int NETLINK_ROUTE = 0;

    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;

    // struct nlmsghdr, and the fixed headers that follow it
    static final int NLMSG_HDRLEN = 16;
    static final int IFINFOMSG_SIZE = 16;
    static final int IFADDRMSG_SIZE = 8;
    static final int RTMSG_SIZE = 12;
    static final int RTA_HDRLEN = 4;

    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;

    static final int NLM_F_REQUEST = 0x01;
    static final int NLM_F_ACK = 0x04;
    static final int NLM_F_DUMP_INTR = 0x10;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;

    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_GETADDR = 22;
    static final int RTM_NEWROUTE = 24;

    static final int IFF_UP = 0x1;

    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MASTER = 10;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_NET_NS_FD = 28;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int VETH_INFO_PEER = 1;

    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_BROADCAST = 4;

    static final int RT_TABLE_MAIN = 254;
    /** What {@code ip route add} marks its routes with. */
    static final int RTPROT_BOOT = 3;
    static final int RT_SCOPE_UNIVERSE = 0;
    static final int RTN_UNICAST = 1;
    static final int RTA_GATEWAY = 5;

    /** The flag bits of nla_type; the kernel sets NLA_F_NESTED on some attributes it sends. */
    static final int NLA_TYPE_MASK = 0x3fff;
    static final int NLA_F_NESTED = 0x8000;

    /** IFNAMSIZ less the terminating NUL. */
    static final int IFNAME_MAX = 15;
    static final int MAC_LENGTH = 6;

    private Rtnl() {}

    /** The request's name for messages, such as {@code RTM_NEWLINK}. */
    static String name(int type) {
        return switch (type) {
            case RTM_NEWLINK -> "RTM_NEWLINK";
            case RTM_DELLINK -> "RTM_DELLINK";
            case RTM_GETLINK -> "RTM_GETLINK";
            case RTM_NEWADDR -> "RTM_NEWADDR";
            case RTM_GETADDR -> "RTM_GETADDR";
            case RTM_NEWROUTE -> "RTM_NEWROUTE";
            default -> "netlink message " + type;
        };
    }
}
