package dev.berth.agent.network.netlink;

/** The numbers of linux/netfilter/nfnetlink.h and linux/netfilter/nf_tables.h that Berth uses. */
final class Nft {
    static final int NETLINK_NETFILTER = 12;

    static final int NFNETLINK_V0 = 0;
    static final int NFPROTO_UNSPEC = 0;
    static final int NFPROTO_IPV4 = 2;

    /** The subsystem in the high byte of a message type, and in res_id of a batch. */
    static final int NFNL_SUBSYS_NFTABLES = 10;
    static final int NFNL_MSG_BATCH_BEGIN = 16;
    static final int NFNL_MSG_BATCH_END = 17;

    static final int NFT_MSG_NEWSETELEM = 12;
    static final int NFT_MSG_DELSETELEM = 14;

    static final int NFTA_SET_ELEM_LIST_TABLE = 1;
    static final int NFTA_SET_ELEM_LIST_SET = 2;
    static final int NFTA_SET_ELEM_LIST_ELEMENTS = 3;
    static final int NFTA_LIST_ELEM = 1;
    static final int NFTA_SET_ELEM_KEY = 1;
    static final int NFTA_SET_ELEM_DATA = 2;
    static final int NFTA_DATA_VALUE = 1;

    /** NFT_TABLE_MAXNAMELEN and NFT_SET_MAXNAMELEN count the terminating NUL. */
    static final int NAME_MAX = 255;
    /** NFT_DATA_VALUE_MAXLEN: a key or value of up to 16 registers of 32 bits. */
    static final int DATA_VALUE_MAX = 64;
    /** NFT_REG32_SIZE: each field of a concatenation starts in a register of its own. */
    static final int REGISTER_SIZE = 4;

    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;

    private Nft() {}

    /** The message type of an nf_tables message: the subsystem, then the message. */
    static int type(int message) {
        return NFNL_SUBSYS_NFTABLES << 8 | message;
    }

    /** The request's name for messages, such as {@code NFT_MSG_NEWSETELEM}. */
    static String name(int type) {
        return switch (type) {
            case NFNL_MSG_BATCH_BEGIN -> "NFNL_MSG_BATCH_BEGIN";
            case NFNL_MSG_BATCH_END -> "NFNL_MSG_BATCH_END";
            case NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_NEWSETELEM -> "NFT_MSG_NEWSETELEM";
            case NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_DELSETELEM -> "NFT_MSG_DELSETELEM";
            default -> "nfnetlink message " + type;
        };
    }
}
