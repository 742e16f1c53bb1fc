package dev.berth.agent.network.netlink;

import static dev.berth.agent.network.netlink.Nft.DATA_VALUE_MAX;
import static dev.berth.agent.network.netlink.Nft.NAME_MAX;
import static dev.berth.agent.network.netlink.Nft.NFNETLINK_V0;
import static dev.berth.agent.network.netlink.Nft.NFNL_MSG_BATCH_BEGIN;
import static dev.berth.agent.network.netlink.Nft.NFNL_MSG_BATCH_END;
import static dev.berth.agent.network.netlink.Nft.NFNL_SUBSYS_NFTABLES;
import static dev.berth.agent.network.netlink.Nft.NFPROTO_IPV4;
import static dev.berth.agent.network.netlink.Nft.NFPROTO_UNSPEC;
import static dev.berth.agent.network.netlink.Nft.NFTA_DATA_VALUE;
import static dev.berth.agent.network.netlink.Nft.NFTA_LIST_ELEM;
import static dev.berth.agent.network.netlink.Nft.NFTA_SET_ELEM_DATA;
import static dev.berth.agent.network.netlink.Nft.NFTA_SET_ELEM_KEY;
import static dev.berth.agent.network.netlink.Nft.NFTA_SET_ELEM_LIST_ELEMENTS;
import static dev.berth.agent.network.netlink.Nft.NFTA_SET_ELEM_LIST_SET;
import static dev.berth.agent.network.netlink.Nft.NFTA_SET_ELEM_LIST_TABLE;
import static dev.berth.agent.network.netlink.Nft.NFT_MSG_DELSETELEM;
import static dev.berth.agent.network.netlink.Nft.NFT_MSG_NEWSETELEM;
import static dev.berth.agent.network.netlink.Rtnl.NLM_F_ACK;
import static dev.berth.agent.network.netlink.Rtnl.NLM_F_CREATE;
import static dev.berth.agent.network.netlink.Rtnl.NLM_F_REQUEST;

import dev.berth.agent.network.netlink.Nftnetlink.SetElement;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The batches {@link Nftnetlink} sends. A batch is one datagram: NFNL_MSG_BATCH_BEGIN, the requests, then
 * NFNL_MSG_BATCH_END; the kernel applies the requests as one transaction when it reaches the end, or none of them if
 * any failed. Every request has a sequence number of its own, one past the one before, starting after the begin's.
 *
 * <p>The kernel reports a refusal on the request, not on the element; so up to {@link #MAX_REQUESTS} elements, each
 * is a request of its own and a refusal names it. Only the last request asks for an ack: the kernel answers a batch
 * after running all of it, refusals in the order of the requests and then that ack, so the answer on the last
 * request marks the end of the answers.
 */
final class NftRequests {
    /**
     * The answers to a batch are queued on the socket all at once, before it is read; more than its receive buffer
     * holds (rmem_default, 208 KiB) and the kernel drops the rest. An answer costs some hundreds of bytes even when
     * small (an ack per element overflowed at a thousand elements), so a batch of more elements than this spreads them
     * evenly over this many requests, which bounds the number of refusals.
     */
    static final int MAX_REQUESTS = 64;
    /**
     * A refusal echoes its request, so the refusals of a batch refused whole take about its size again, and up to
     * twice that in the kernel's memory accounting: measured on 6.18, 5500 keys refused in 64 requests (113 KiB)
     * overflowed the socket. 48 KiB, some 1250 map elements or 2250 keys, stays well below: a batch of that size
     * refused whole was answered in full.
     */
    static final int MAX_BATCH_BYTES = 48 * 1024;

    /**
     * Without NLM_F_EXCL, as {@code nft add element}: an element that is already there with the same value is no
     * error; with another value it is (EEXIST).
     */
    private static final int CREATE = NLM_F_REQUEST | NLM_F_CREATE;
    private static final int CHANGE = NLM_F_REQUEST;
    /**
     * No NLM_F_ACK: recent kernels (6.18 here) ack the begin and end of a batch when asked, older ones never do, so
     * not asking makes the answers the same everywhere. A failure of the whole batch is reported on the begin anyway.
     */
    private static final int BATCH = NLM_F_REQUEST;

    private NftRequests() {}

    /** The elements of each request of a batch: one each, or when there are many, evenly spread over the maximum. */
    static List<List<SetElement>> requests(List<SetElement> elements) {
        int perRequest = (elements.size() + MAX_REQUESTS - 1) / MAX_REQUESTS;
        List<List<SetElement>> requests = new ArrayList<>();
        for (int from = 0; from < elements.size(); from += perRequest) {
            requests.add(elements.subList(from, Math.min(from + perRequest, elements.size())));
        }
        return requests;
    }

    /** NFT_MSG_NEWSETELEM requests, keys with their values. */
    static byte[] addElements(int seq, String table, String set, List<List<SetElement>> requests) {
        return batch(seq, Nft.type(NFT_MSG_NEWSETELEM), CREATE, table, set, requests, true);
    }

    /** NFT_MSG_DELSETELEM requests by key only: the kernel finds an element by its key, and ignores a value. */
    static byte[] deleteElements(int seq, String table, String set, List<List<SetElement>> requests) {
        return batch(seq, Nft.type(NFT_MSG_DELSETELEM), CHANGE, table, set, requests, false);
    }

    private static byte[] batch(int seq, int type, int flags, String table, String set,
                                List<List<SetElement>> requests, boolean withData) {
        checkNames(table, set);
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("a batch of no elements for " + table + " " + set);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 96 * requests.size());
        out.writeBytes(batchMessage(NFNL_MSG_BATCH_BEGIN, seq));
        for (int i = 0; i < requests.size(); i++) {
            int last = i == requests.size() - 1 ? NLM_F_ACK : 0;
            out.writeBytes(elements(seq + 1 + i, type, flags | last, table, set, requests.get(i), withData));
        }
        out.writeBytes(batchMessage(NFNL_MSG_BATCH_END, seq + 1 + requests.size()));
        if (out.size() > MAX_BATCH_BYTES) {
            throw new IllegalArgumentException("a batch of " + requests.stream().mapToInt(List::size).sum()
                    + " elements for " + table + " " + set + " takes " + out.size() + " bytes, more than the "
                    + MAX_BATCH_BYTES + " whose refusals the socket is sure to hold; split it");
        }
        return out.toByteArray();
    }

    /**
     * One request: each element in NFTA_SET_ELEM_LIST_ELEMENTS with its key, and for a map its value, each an
     * NFTA_DATA_VALUE of exactly the set's key or data length, or the kernel refuses it (EINVAL).
     */
    private static byte[] elements(int seq, int type, int flags, String table, String set, List<SetElement> elements,
                                   boolean withData) {
        MessageWriter message = nfgenmsg(new MessageWriter(type, flags, seq), NFPROTO_IPV4, 0)
                .attribute(NFTA_SET_ELEM_LIST_TABLE, table)
                .attribute(NFTA_SET_ELEM_LIST_SET, set)
                .nest(NFTA_SET_ELEM_LIST_ELEMENTS);
        for (SetElement element : elements) {
            message.nest(NFTA_LIST_ELEM)
                    .nest(NFTA_SET_ELEM_KEY).attribute(NFTA_DATA_VALUE, value("key", element.key())).end();
            byte[] data = element.data();
            if (withData && data != null) {
                message.nest(NFTA_SET_ELEM_DATA).attribute(NFTA_DATA_VALUE, value("value", data)).end();
            }
            message.end();
        }
        return message.end().toBytes();
    }

    /** Begin or end: the subsystem goes in res_id, big-endian (the kernel also takes it little-endian, from old nft). */
    private static byte[] batchMessage(int type, int seq) {
        return nfgenmsg(new MessageWriter(type, BATCH, seq), NFPROTO_UNSPEC, NFNL_SUBSYS_NFTABLES).toBytes();
    }

    /** struct nfgenmsg (u8 family, u8 version, be16 res_id): res_id is big-endian, unlike the rest of the headers. */
    private static MessageWriter nfgenmsg(MessageWriter message, int family, int resId) {
        return message.u8(family).u8(NFNETLINK_V0).u8(resId >>> 8).u8(resId);
    }

    /** Checked here so that a bad name is reported as such, and not as the kernel's EINVAL or ENOENT. */
    static void checkNames(String table, String set) {
        checkName("table", table);
        checkName("set", set);
    }

    private static void checkName(String what, String name) {
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        if (length == 0 || length > NAME_MAX || name.indexOf(0) >= 0) {
            throw new IllegalArgumentException("not a valid nftables " + what + " name (1 to " + NAME_MAX
                    + " bytes, no NUL): '" + name + "'");
        }
    }

    private static byte[] value(String what, byte[] value) {
        if (value.length == 0 || value.length > DATA_VALUE_MAX) {
            throw new IllegalArgumentException("an nftables " + what + " has 1 to " + DATA_VALUE_MAX + " bytes, not "
                    + value.length);
        }
        return value;
    }
}
