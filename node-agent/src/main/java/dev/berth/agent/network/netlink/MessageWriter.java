package dev.berth.agent.network.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds one netlink message: the nlmsghdr, the fixed header of the request, then rtattrs, nested where needed. Every
 * attribute is padded to 4 bytes, and the length of the message and of each nest counts that padding, as the
 * kernel's NLMSG_ALIGN and RTA_ALIGN do; an attribute's own length does not.
 */
final class MessageWriter {
    private ByteBuffer buffer = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
    private final Deque<Integer> nests = new ArrayDeque<>();

    MessageWriter(int type, int flags, int seq) {
        buffer.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq)
                // The kernel routes a request by the socket it came from; the header's port id is left 0.
                .putInt(0);
    }

    MessageWriter u8(int value) {
        room(1).put((byte) value);
        return this;
    }

    MessageWriter u16(int value) {
        room(2).putShort((short) value);
        return this;
    }

    MessageWriter u32(int value) {
        room(4).putInt(value);
        return this;
    }

    MessageWriter attribute(int type, byte[] value) {
        room(Rtnl.RTA_HDRLEN + value.length + 3).putShort((short) (Rtnl.RTA_HDRLEN + value.length))
                .putShort((short) type).put(value);
        pad();
        return this;
    }

    MessageWriter attribute(int type, int u32) {
        return attribute(type, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(u32).array());
    }

    /** A NUL-terminated string, the form the kernel itself sends. */
    MessageWriter attribute(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return attribute(type, Arrays.copyOf(bytes, bytes.length + 1));
    }

    /**
     * Opens a nested attribute, closed by {@link #end()}. NLA_F_NESTED is not set, as {@code ip} does not set it:
     * rtnetlink parses these nests leniently, and VETH_INFO_PEER is not a plain nest but an ifinfomsg and attributes.
     */
    MessageWriter begin(int type) {
        nests.push(buffer.position());
        room(Rtnl.RTA_HDRLEN).putShort((short) 0).putShort((short) type);
        return this;
    }

    /**
     * Opens a nested attribute flagged NLA_F_NESTED, closed by {@link #end()}, as libnftnl flags every nftables nest:
     * the flag says on the wire what the attribute's policy says, which strict parsers check.
     */
    MessageWriter nest(int type) {
        return begin(type | Rtnl.NLA_F_NESTED);
    }

    MessageWriter end() {
        int start = nests.pop();
        int length = buffer.position() - start;
        if (length > 0xffff) {
            throw new IllegalArgumentException("a nested attribute of " + length + " bytes, more than its 16-bit"
                    + " length can say");
        }
        buffer.putShort(start, (short) length);
        return this;
    }

    byte[] toBytes() {
        if (!nests.isEmpty()) {
            throw new IllegalStateException(nests.size() + " nested attributes left open");
        }
        buffer.putInt(0, buffer.position());
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private void pad() {
        while (buffer.position() % 4 != 0) {
            buffer.put((byte) 0);
        }
    }

    private ByteBuffer room(int bytes) {
        if (buffer.remaining() < bytes) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes))
                    .order(ByteOrder.LITTLE_ENDIAN);
            larger.put(buffer.array(), 0, buffer.position());
            buffer = larger;
        }
        return buffer;
    }
}
