package dev.berth.agent.network.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits a datagram from the kernel into its netlink messages; a dump packs many into one datagram. */
final class MessageReader {

    /** One message: the fields of its nlmsghdr and a copy of what follows it, little-endian. */
    record Message(int type, int flags, int seq, ByteBuffer payload) {}

    private MessageReader() {}

    /** @throws IllegalArgumentException if the bytes are not a sequence of whole netlink messages */
    static List<Message> messages(byte[] datagram, int length) {
        if (length < Rtnl.NLMSG_HDRLEN) {
            throw new IllegalArgumentException("a datagram of " + length + " bytes holds no netlink message");
        }
        ByteBuffer in = ByteBuffer.wrap(datagram, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        List<Message> messages = new ArrayList<>();
        int offset = 0;
        while (length - offset >= Rtnl.NLMSG_HDRLEN) {
            int messageLength = in.getInt(offset);
            if (messageLength < Rtnl.NLMSG_HDRLEN || messageLength > length - offset) {
                throw new IllegalArgumentException("netlink message length " + messageLength + " at offset " + offset
                        + " of a " + length + "-byte datagram");
            }
            byte[] payload = Arrays.copyOfRange(datagram, offset + Rtnl.NLMSG_HDRLEN, offset + messageLength);
            messages.add(new Message(Short.toUnsignedInt(in.getShort(offset + 4)),
                    Short.toUnsignedInt(in.getShort(offset + 6)), in.getInt(offset + 8),
                    ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN)));
            offset += align(messageLength);
        }
        return messages;
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }
}
